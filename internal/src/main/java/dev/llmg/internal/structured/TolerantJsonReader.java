package dev.llmg.internal.structured;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the JSON value in a model's text the way a person would, mending the usual breakage and saying what
 * it mended ({@link JsonRepair}): a Markdown code fence or prose around the value, trailing or missing commas,
 * single quotes, comments, unquoted keys, raw line breaks in strings, and a text that ends inside the value
 * (a cut-off answer, or a stream so far), which is closed at the depth it reached. A valid JSON document reads
 * exactly as Jackson reads it, with no repair.
 *
 * <p>A recursive-descent reader over the characters rather than regular-expression patches: each repair is a
 * decision at one point of the grammar, so repairs cannot interfere with one another or with string contents.
 * Nesting deeper than {@value #MAX_DEPTH} is refused, so that no text can exhaust the stack.
 */
public final class TolerantJsonReader {

    /** The deepest nesting read; deeper text is not JSON llmg will mend. */
    static final int MAX_DEPTH = 512;

    /** How many opening brackets in prose are tried before the text is said to hold no JSON. */
    private static final int MAX_STARTS = 16;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String FENCE = "```";

    private TolerantJsonReader() {}

    /** Returns the JSON value {@code text} holds, mended; empty when it holds none. */
    public static Optional<TolerantJson> read(String text) {
        final EnumSet<JsonRepair> preamble = EnumSet.noneOf(JsonRepair.class);
        int start = skipSpace(text, 0);
        if (text.startsWith(FENCE, start)) {
            preamble.add(JsonRepair.CODE_FENCE);
            final int lineEnd = text.indexOf('\n', start);
            start = lineEnd < 0 ? text.length() : skipSpace(text, lineEnd + 1);
        }
        if (start < text.length() && startsValue(text.charAt(start))) {
            final Optional<TolerantJson> whole = attempt(text, start, preamble);
            if (whole.isPresent()) {
                return whole;
            }
        }
        int tried = 0;
        for (int at = nextBracket(text, start); at >= 0 && tried < MAX_STARTS; at = nextBracket(text, at + 1)) {
            tried++;
            final Optional<TolerantJson> value = attempt(text, at, inProse(text, at, start, preamble));
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /**
     * Returns every JSON value in {@code text} that starts with a bracket and does not lie inside another, in
     * order, each read as {@link #read} reads a value in prose (so with {@link JsonRepair#SURROUNDING_TEXT}); at
     * most {@value #MAX_STARTS} starts are tried. For schema-guided extraction: when the first value in an answer
     * does not fit, a later one may.
     */
    static List<TolerantJson> candidates(String text) {
        final List<TolerantJson> found = new ArrayList<>();
        final EnumSet<JsonRepair> none = EnumSet.noneOf(JsonRepair.class);
        int tried = 0;
        int at = nextBracket(text, 0);
        while (at >= 0 && tried < MAX_STARTS) {
            tried++;
            final Parse parse = new Parse(text, at, inProse(text, at, 0, none));
            final TolerantJson value = parse.documentOrNull();
            if (value != null) {
                found.add(value);
                at = nextBracket(text, parse.end);
            } else {
                at = nextBracket(text, at + 1);
            }
        }
        return found;
    }

    /** Returns the repairs a value starting at {@code at} in prose begins with. */
    private static EnumSet<JsonRepair> inProse(String text, int at, int textStart, EnumSet<JsonRepair> preamble) {
        final EnumSet<JsonRepair> found = EnumSet.copyOf(preamble);
        found.add(JsonRepair.SURROUNDING_TEXT);
        if (text.lastIndexOf(FENCE, at) >= textStart) {
            found.add(JsonRepair.CODE_FENCE);
        }
        return found;
    }

    private static Optional<TolerantJson> attempt(String text, int start, EnumSet<JsonRepair> preamble) {
        return Optional.ofNullable(new Parse(text, start, EnumSet.copyOf(preamble)).documentOrNull());
    }

    private static boolean startsValue(char c) {
        return c == '{' || c == '[' || c == '"' || c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f'
               || c == 'n';
    }

    private static int nextBracket(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '{' || c == '[') {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Says the text at hand is not JSON this reader can mend; caught at the top, where another start is tried. */
    private static final class NotJson extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotJson() {
            super(null, null, false, false);
        }
    }

    /** One reading of the text from one starting point. */
    private static final class Parse {
        private final String s;
        private final int n;
        private final EnumSet<JsonRepair> repairs;
        private int i;

        Parse(String s, int start, EnumSet<JsonRepair> repairs) {
            this.s = s;
            n = s.length();
            i = start;
            this.repairs = repairs;
        }

        /** Where the value read ended (after its last character); set once a value was read. */
        int end;

        /** Returns the value read from the start; null when none could be kept or the text is not JSON there. */
        TolerantJson documentOrNull() {
            try {
                return document();
            } catch (NotJson e) {
                return null;
            }
        }

        private TolerantJson document() {
            final JsonNode value = value(0);
            if (value == null) {
                return null;
            }
            end = i;
            skipSpaceAndComments();
            if (i < n) {
                int rest = i;
                if (s.startsWith(FENCE, rest)) {
                    repairs.add(JsonRepair.CODE_FENCE);
                    rest = skipSpace(s, rest + FENCE.length());
                }
                if (rest < n) {
                    repairs.add(JsonRepair.SURROUNDING_TEXT);
                }
            }
            return new TolerantJson(value, repairs);
        }

        /** Reads a value; null when the text ended before any of it could be kept (then marked truncated). */
        private JsonNode value(int depth) {
            if (depth > MAX_DEPTH) {
                throw new NotJson();
            }
            skipSpaceAndComments();
            if (i >= n) {
                repairs.add(JsonRepair.TRUNCATED);
                return null;
            }
            final char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                case '\'':
                    final String text = string();
                    return NODES.textNode(text);
                default:
                    if (c == '-' || c >= '0' && c <= '9') {
                        return number();
                    }
                    return literal();
            }
        }

        private ObjectNode object(int depth) {
            i++; // {
            final ObjectNode object = NODES.objectNode();
            boolean expectMember = true;
            while (true) {
                skipSpaceAndComments();
                if (i >= n) {
                    repairs.add(JsonRepair.TRUNCATED);
                    return object;
                }
                final char c = s.charAt(i);
                if (c == '}') {
                    i++;
                    return object;
                }
                if (c == ',') {
                    i++;
                    skipSpaceAndComments();
                    if (i < n && s.charAt(i) == '}' || expectMember) {
                        repairs.add(JsonRepair.TRAILING_COMMA);
                    }
                    expectMember = true;
                    continue;
                }
                if (!expectMember) {
                    repairs.add(JsonRepair.MISSING_COMMA);
                }
                final String key;
                if (c == '"' || c == '\'') {
                    key = string();
                    if (repairs.contains(JsonRepair.TRUNCATED)) {
                        return object; // cut inside a key: the member never arrived
                    }
                } else if (Character.isJavaIdentifierStart(c)) {
                    key = identifier();
                    repairs.add(JsonRepair.UNQUOTED_KEY);
                } else {
                    throw new NotJson();
                }
                skipSpaceAndComments();
                if (i >= n) {
                    repairs.add(JsonRepair.TRUNCATED);
                    return object;
                }
                if (s.charAt(i) != ':') {
                    throw new NotJson();
                }
                i++;
                final JsonNode value = value(depth + 1);
                if (value == null) {
                    return object; // cut before the value: the member is left out
                }
                object.set(key, value);
                expectMember = false;
            }
        }

        private ArrayNode array(int depth) {
            i++; // [
            final ArrayNode array = NODES.arrayNode();
            boolean expectElement = true;
            while (true) {
                skipSpaceAndComments();
                if (i >= n) {
                    repairs.add(JsonRepair.TRUNCATED);
                    return array;
                }
                final char c = s.charAt(i);
                if (c == ']') {
                    i++;
                    return array;
                }
                if (c == ',') {
                    i++;
                    skipSpaceAndComments();
                    if (i < n && s.charAt(i) == ']' || expectElement) {
                        repairs.add(JsonRepair.TRAILING_COMMA);
                    }
                    expectElement = true;
                    continue;
                }
                if (!expectElement) {
                    repairs.add(JsonRepair.MISSING_COMMA);
                }
                final JsonNode value = value(depth + 1);
                if (value == null) {
                    return array;
                }
                array.add(value);
                expectElement = false;
            }
        }

        /** Reads a string in double or single quotes; a text cut inside it keeps what arrived. */
        private String string() {
            final char quote = s.charAt(i++);
            if (quote == '\'') {
                repairs.add(JsonRepair.SINGLE_QUOTES);
            }
            final StringBuilder out = new StringBuilder();
            while (i < n) {
                final char c = s.charAt(i++);
                if (c == quote) {
                    return out.toString();
                }
                if (c == '\\') {
                    if (i >= n) {
                        break;
                    }
                    final char e = s.charAt(i++);
                    switch (e) {
                        case 'n': out.append('\n'); break;
                        case 't': out.append('\t'); break;
                        case 'r': out.append('\r'); break;
                        case 'b': out.append('\b'); break;
                        case 'f': out.append('\f'); break;
                        case 'u':
                            if (i + 4 > n) {
                                i = n;
                                repairs.add(JsonRepair.TRUNCATED);
                                return out.toString();
                            }
                            try {
                                out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            } catch (NumberFormatException bad) {
                                throw new NotJson();
                            }
                            i += 4;
                            break;
                        default: out.append(e); // \" \\ \/ and, leniently, any other character as itself
                    }
                    continue;
                }
                if (c < 0x20) {
                    repairs.add(JsonRepair.RAW_CONTROL_CHARACTER);
                }
                out.append(c);
            }
            repairs.add(JsonRepair.TRUNCATED);
            return out.toString();
        }

        /** Reads a number as Jackson would make it (int, long, big integer or double); null when cut before a digit. */
        private JsonNode number() {
            final int start = i;
            while (i < n && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            String digits = s.substring(start, i);
            if (i >= n) {
                // Cut off: drop what cannot end a number ("12.", "1e", "-").
                int end = digits.length();
                while (end > 0 && "+-.eE".indexOf(digits.charAt(end - 1)) >= 0) {
                    end--;
                }
                digits = digits.substring(0, end);
                if (digits.isEmpty()) {
                    repairs.add(JsonRepair.TRUNCATED);
                    return null;
                }
            }
            try {
                if (digits.indexOf('.') < 0 && digits.indexOf('e') < 0 && digits.indexOf('E') < 0) {
                    final BigInteger value = new BigInteger(digits);
                    if (value.bitLength() < 32) {
                        return NODES.numberNode(value.intValue());
                    }
                    return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
                }
                return NODES.numberNode(Double.parseDouble(digits));
            } catch (NumberFormatException e) {
                throw new NotJson();
            }
        }

        /** Reads true, false or null; null (no value) when the text was cut inside one. */
        private JsonNode literal() {
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? NODES.nullNode() : NODES.booleanNode(word.equals("true"));
                }
                if (n - i < word.length() && word.startsWith(s.substring(i))) {
                    i = n;
                    repairs.add(JsonRepair.TRUNCATED);
                    return null;
                }
            }
            throw new NotJson();
        }

        private String identifier() {
            final int start = i;
            while (i < n && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            return s.substring(start, i);
        }

        private void skipSpaceAndComments() {
            while (i < n) {
                final char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                    repairs.add(JsonRepair.COMMENT);
                    final int end = s.indexOf('\n', i);
                    i = end < 0 ? n : end + 1;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    repairs.add(JsonRepair.COMMENT);
                    final int end = s.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                } else {
                    return;
                }
            }
        }
    }
}
