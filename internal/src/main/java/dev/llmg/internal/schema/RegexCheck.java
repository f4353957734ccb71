package dev.llmg.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.llmg.internal.schema.RegexParser.Atom;
import dev.llmg.internal.schema.RegexParser.Group;
import dev.llmg.internal.schema.RegexParser.Part;

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
        return risk(new RegexParser(regex).parse(), 1, regex);
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
        return a == 0 || b == 0 ? 0 : a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
