package dev.llmg.internal.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a regular expression that {@link Pattern#compile} accepted into its groups, alternatives and atoms
 * (characters, classes, escapes, anchors), each with how often it may occur, for {@link RegexCheck} to judge.
 * It understands Java's syntax: classes with unions and intersections, {@code \Q...\E}, named groups,
 * look-arounds, inline flags, {@code \x{...}}, {@code \p{...}} and back references.
 */
final class RegexParser {

    /** What an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}) allows. */
    static final long MANY = Long.MAX_VALUE;

    private final String regex;
    private int at;

    RegexParser(String regex) {
        this.regex = regex;
    }

    /** Returns the whole pattern as a group of its alternatives. */
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

    /** A piece of the pattern with how often it may occur. */
    abstract static class Part {
        long min = 1;
        long max = 1;
    }

    /** One character, class, escape or anchor; {@code literal} is its character when it is a fixed one. */
    static final class Atom extends Part {
        final String text;
        final int literal;

        Atom(String text, int literal) {
            this.text = text;
            this.literal = literal;
        }
    }

    /** A group (capturing or not, or a look-around) and its alternatives; {@code start..end} is its text. */
    static final class Group extends Part {
        final List<List<Part>> alternatives = new ArrayList<>();
        int start;
        int end;
    }
}
