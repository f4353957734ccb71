package dev.llmg.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides whether a regular expression from a schema ({@code pattern}, a {@code patternProperties} name) is
 * safe to match: it must be short, compile, and have no shape that makes a backtracking matcher (Java's, and
 * most others) take exponential time to reject a string (ReDoS).
 *
 * <p>The rule is structural and simple on purpose. A group that may repeat more than
 * {@value #FEW_REPEATS} times (its own quantifier times those of the groups around it: {@code *}, {@code +},
 * {@code {n,}}, {@code {n,m}}) is refused when
 * <ul>
 *   <li>it holds alternatives that do not begin with different literal text (none the start of another),
 *       or alternatives with a variable-length part: {@code (a|a)*}, {@code (a|aa)+} and {@code ([a-z]|-)+}
 *       are refused (write {@code [a-z-]+}), {@code (foo|bar|baz)*} passes;</li>
 *   <li>it holds more than one variable-length part ({@code ?}, {@code *}, {@code +}, {@code {n,m}}), or one
 *       that is not a single character, class or escape, or one that can match the literal character the
 *       group begins with: {@code (a+)+}, {@code (.*)*}, {@code (\w+\s?)*} and {@code (a?a?)*} are refused;
 *       {@code (\.\d+)*} and {@code (-[a-z0-9]+)*} pass, since each repetition begins with a character the
 *       part inside cannot swallow, so there is only one way to split a string among the repetitions.</li>
 * </ul>
 * It refuses a few harmless patterns ({@code (\s*,\s*\w+)*}), ignores inline flags, and does not catch
 * polynomial backtracking such as {@code .*a.*b}: whatever matches these patterns must still bound the
 * length of the strings it matches.
 */
public final class RegexCheck {

    /** How many times a group may repeat before its contents must be unambiguous. */
    static final int FEW_REPEATS = 16;

    private static final long MANY = Long.MAX_VALUE;

    private RegexCheck() {}

    /**
     * Returns why {@code regex} is refused, as a phrase that follows the keyword's path ("is not a valid
     * regular expression: ..."), or empty when it is safe to match.
     */
    public static Optional<String> problem(String regex, SchemaLimits limits) {
        if (regex.length() > limits.maxPatternLength()) {
            return Optional.of("is " + regex.length() + " characters long; at most " + limits.maxPatternLength()
                               + " are allowed");
        }
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression: " + e.getDescription() + " at index "
                               + e.getIndex());
        } catch (StackOverflowError e) {
            return Optional.of("is not a valid regular expression: it nests too deeply");
        }
        return risk(new Parser(regex).parse(), 1, regex);
    }

    private static Optional<String> risk(Group group, long around, String regex) {
        for (List<Part> alternative : group.alternatives) {
            for (Part part : alternative) {
                if (!(part instanceof Group inner)) {
                    continue;
                }
                final long repeats = times(around, part.max);
                if (repeats > FEW_REPEATS) {
                    final Optional<String> problem = ambiguity(inner);
                    if (problem.isPresent()) {
                        return Optional.of("repeats the group '" + regex.substring(inner.start, inner.end) + "', "
                                           + problem.get() + ": such a pattern can take exponential time to "
                                           + "reject a string");
                    }
                }
                final Optional<String> nested = risk(inner, repeats, regex);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }

    /** Says how a repeated group can split a string among its repetitions in more than one way. */
    private static Optional<String> ambiguity(Group group) {
        if (group.alternatives.size() > 1) {
            final List<String> prefixes = new ArrayList<>();
            for (List<Part> alternative : group.alternatives) {
                final String prefix = literalPrefix(alternative);
                final boolean distinct = !prefix.isEmpty() && variableParts(alternative).isEmpty()
                                         && prefixes.stream().noneMatch(
                                                 other -> other.startsWith(prefix) || prefix.startsWith(other));
                if (!distinct) {
                    return Optional.of("whose alternatives may match the same text (begin each alternative with "
                                       + "different literal text, none the start of another, and repeat nothing "
                                       + "inside them, or use a class such as [ab])");
                }
                prefixes.add(prefix);
            }
            return Optional.empty();
        }
        final List<Part> sequence = group.alternatives.get(0);
        final List<Part> variable = variableParts(sequence);
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        final boolean unambiguous = variable.size() == 1 && variable.get(0) instanceof Atom inner
                                    && fixedLiteral(sequence.get(0)) && sequence.get(0) != inner
                                    && !canMatch(inner, ((Atom) sequence.get(0)).literal);
        return unambiguous ? Optional.empty()
                           : Optional.of("which holds a repeat of its own (repeat one character class instead, "
                                         + "as in [a-z]+, or begin the group with a character the inner part "
                                         + "cannot match, as in (\\.\\d+)*)");
    }

    /** Returns the fixed literal characters an alternative begins with: where alternatives tell apart. */
    private static String literalPrefix(List<Part> sequence) {
        final StringBuilder prefix = new StringBuilder();
        for (Part part : sequence) {
            if (!fixedLiteral(part)) {
                break;
            }
            prefix.appendCodePoint(((Atom) part).literal);
        }
        return prefix.toString();
    }

    private static List<Part> variableParts(List<Part> sequence) {
        final List<Part> variable = new ArrayList<>();
        for (Part part : sequence) {
            if (part.min != part.max) {
                variable.add(part);
            } else if (part instanceof Group inner) {
                for (List<Part> alternative : inner.alternatives) {
                    variable.addAll(variableParts(alternative));
                }
            }
        }
        return variable;
    }

    private static boolean fixedLiteral(Part part) {
        return part instanceof Atom atom && atom.literal >= 0 && atom.min == 1 && atom.max == 1;
    }

    private static boolean canMatch(Atom atom, int literal) {
        if (atom.literal >= 0) {
            return atom.literal == literal;
        }
        try {
            return Pattern.compile(atom.text).matcher(new String(Character.toChars(literal))).matches();
        } catch (PatternSyntaxException e) {
            return true; // a back reference, say: it may match anything
        }
    }

    private static long times(long a, long b) {
        return a == 0 || b == 0 ? 0 : a > MANY / b ? MANY : a * b;
    }

    /** A piece of the pattern with how often it may occur. */
    private abstract static class Part {
        long min = 1;
        long max = 1;
    }

    /** One character, class, escape or anchor; {@code literal} is its character when it is a fixed one. */
    private static final class Atom extends Part {
        final String text;
        final int literal;

        Atom(String text, int literal) {
            this.text = text;
            this.literal = literal;
        }
    }

    /** A group (capturing or not, or a look-around) and its alternatives; {@code start..end} is its text. */
    private static final class Group extends Part {
        final List<List<Part>> alternatives = new ArrayList<>();
        int start;
        int end;
    }

    /** Reads a pattern that {@link Pattern#compile} accepted into groups and atoms. */
    private static final class Parser {
        private final String regex;
        private int at;

        Parser(String regex) {
            this.regex = regex;
        }

        Group parse() {
            final Group all = sequence();
            all.end = regex.length();
            return all;
        }

        /** Reads alternatives up to the closing parenthesis (consumed) or the end. */
        private Group sequence() {
            final Group group = new Group();
            List<Part> current = new ArrayList<>();
            group.alternatives.add(current);
            while (at < regex.length()) {
                final char c = regex.charAt(at);
                if (c == ')') {
                    at++;
                    return group;
                }
                if (c == '|') {
                    at++;
                    current = new ArrayList<>();
                    group.alternatives.add(current);
                    continue;
                }
                final int start = at;
                final Part part = part(current);
                if (part != null) {
                    quantifier(part);
                    if (part instanceof Group inner) {
                        inner.start = start;
                        inner.end = at;
                    }
                    current.add(part);
                }
            }
            return group;
        }

        /** Reads one part; quoted text ({@code \Q...\E}) adds all but its last character to {@code into}. */
        private Part part(List<Part> into) {
            final char c = regex.charAt(at);
            switch (c) {
                case '(':
                    return group();
                case '[':
                    return new Atom(characterClass(), -1);
                case '\\':
                    return escape(into);
                case '.': case '^': case '$':
                    at++;
                    return new Atom(String.valueOf(c), -1);
                default:
                    final int literal = regex.codePointAt(at);
                    at += Character.charCount(literal);
                    return new Atom(Pattern.quote(new String(Character.toChars(literal))), literal);
            }
        }

        private Part group() {
            at++; // (
            if (regex.startsWith("?", at)) {
                if (regex.startsWith("?<=", at) || regex.startsWith("?<!", at)) {
                    at += 3;
                } else if (regex.startsWith("?<", at)) {
                    at = regex.indexOf('>', at) + 1; // a named group
                } else if (regex.startsWith("?:", at) || regex.startsWith("?=", at) || regex.startsWith("?!", at)
                           || regex.startsWith("?>", at)) {
                    at += 2;
                } else {
                    // Inline flags: (?i) stands alone, (?i:...) opens a group.
                    int end = at + 1;
                    while (end < regex.length() && regex.charAt(end) != ')' && regex.charAt(end) != ':') {
                        end++;
                    }
                    at = end + 1;
                    if (end >= regex.length() || regex.charAt(end) == ')') {
                        return null;
                    }
                }
            }
            return sequence();
        }

        private String characterClass() {
            final int start = at;
            int depth = 0;
            while (at < regex.length()) {
                final char c = regex.charAt(at);
                if (c == '\\') {
                    at += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                    at++;
                    // A ']' right after '[' or '[^' is a literal.
                    if (regex.startsWith("^", at)) {
                        at++;
                    }
                    if (regex.startsWith("]", at)) {
                        at++;
                    }
                    continue;
                }
                at++;
                if (c == ']' && --depth == 0) {
                    break;
                }
            }
            return regex.substring(start, Math.min(at, regex.length()));
        }

        private Part escape(List<Part> into) {
            final int start = at;
            final char c = at + 1 < regex.length() ? regex.charAt(at + 1) : '\\';
            at += 2;
            switch (c) {
                case 'Q': {
                    final int end = regex.indexOf("\\E", at) < 0 ? regex.length() : regex.indexOf("\\E", at);
                    final String quoted = regex.substring(at, end);
                    at = Math.min(regex.length(), end + 2);
                    if (quoted.isEmpty()) {
                        return null;
                    }
                    for (int i = 0; i < quoted.length() - 1; i++) {
                        into.add(new Atom(Pattern.quote(quoted.substring(i, i + 1)), quoted.charAt(i)));
                    }
                    return new Atom(Pattern.quote(quoted.substring(quoted.length() - 1)),
                                    quoted.charAt(quoted.length() - 1));
                }
                case 't': return literal(start, '\t');
                case 'n': return literal(start, '\n');
                case 'r': return literal(start, '\r');
                case 'f': return literal(start, '\f');
                case 'a': return literal(start, '\u0007');
                case 'e': return literal(start, '\u001B');
                case 'c': at++; return literal(start, regex.charAt(at - 1) ^ 64);
                case 'x':
                    if (regex.startsWith("{", at)) {
                        final int end = regex.indexOf('}', at);
                        final int code = Integer.parseInt(regex.substring(at + 1, end), 16);
                        at = end + 1;
                        return literal(start, code);
                    }
                    at += 2;
                    return literal(start, Integer.parseInt(regex.substring(at - 2, at), 16));
                case 'u':
                    at += 4;
                    return literal(start, Integer.parseInt(regex.substring(at - 4, at), 16));
                case 'p': case 'P':
                    if (regex.startsWith("{", at)) {
                        at = regex.indexOf('}', at) + 1;
                    } else {
                        at++;
                    }
                    return new Atom(regex.substring(start, at), -1);
                case 'k':
                    at = regex.indexOf('>', at) + 1;
                    return new Atom(regex.substring(start, at), -1);
                case '0':
                    while (at < regex.length() && at - start < 5 && regex.charAt(at) >= '0'
                           && regex.charAt(at) <= '7') {
                        at++;
                    }
                    return new Atom(regex.substring(start, at), -1);
                default:
                    if (Character.isLetterOrDigit(c)) {
                        while (Character.isDigit(c) && at < regex.length() && Character.isDigit(regex.charAt(at))) {
                            at++; // a back reference such as \12
                        }
                        return new Atom(regex.substring(start, at), -1); // \d, \w, \s, \b, \1...
                    }
                    return literal(start, c); // an escaped metacharacter such as \. or \(
            }
        }

        private Atom literal(int start, int code) {
            return new Atom(regex.substring(start, at), code);
        }

        private void quantifier(Part part) {
            if (at >= regex.length()) {
                return;
            }
            final char c = regex.charAt(at);
            if (c == '*' || c == '+' || c == '?') {
                part.min = c == '+' ? 1 : 0;
                part.max = c == '?' ? 1 : MANY;
                at++;
            } else if (c == '{') {
                final int end = regex.indexOf('}', at);
                final String[] bounds = regex.substring(at + 1, end).split(",", -1);
                part.min = number(bounds[0]);
                part.max = bounds.length == 1 ? part.min : bounds[1].isBlank() ? MANY : number(bounds[1]);
                at = end + 1;
            } else {
                return;
            }
            if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
                at++; // lazy or possessive: the same shapes backtrack the same way, or near enough
            }
        }

        private static long number(String digits) {
            try {
                return Long.parseLong(digits.trim());
            } catch (NumberFormatException e) {
                return MANY;
            }
        }
    }
}
