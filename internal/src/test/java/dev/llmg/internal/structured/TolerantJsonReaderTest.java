package dev.llmg.internal.structured;

import static dev.llmg.internal.structured.JsonRepair.CODE_FENCE;
import static dev.llmg.internal.structured.JsonRepair.COMMENT;
import static dev.llmg.internal.structured.JsonRepair.MISSING_COMMA;
import static dev.llmg.internal.structured.JsonRepair.RAW_CONTROL_CHARACTER;
import static dev.llmg.internal.structured.JsonRepair.SINGLE_QUOTES;
import static dev.llmg.internal.structured.JsonRepair.SURROUNDING_TEXT;
import static dev.llmg.internal.structured.JsonRepair.TRAILING_COMMA;
import static dev.llmg.internal.structured.JsonRepair.TRUNCATED;
import static dev.llmg.internal.structured.JsonRepair.UNQUOTED_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigInteger;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The tolerant reader mends what models break, says what it mended, and reads every valid JSON document
 * exactly as Jackson does.
 */
class TolerantJsonReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> brokenOutputs() {
        return Stream.of(
                arguments("{\"a\": 1}", "{\"a\":1}", Set.of()),
                arguments("```json\n{\"a\": 1}\n```", "{\"a\":1}", Set.of(CODE_FENCE)),
                arguments("```\n[1, 2]\n```\n", "[1,2]", Set.of(CODE_FENCE)),
                arguments("Here is the JSON you asked for:\n```json\n{\"a\": 1}\n```\nHope it helps!", "{\"a\":1}",
                          Set.of(CODE_FENCE, SURROUNDING_TEXT)),
                arguments("Sure! {\"name\": \"Ada\", \"age\": 36} is the answer.", "{\"name\":\"Ada\",\"age\":36}",
                          Set.of(SURROUNDING_TEXT)),
                arguments("Use {braces} like this: {\"ok\": true}", "{\"ok\":true}", Set.of(SURROUNDING_TEXT)),
                arguments("{\"a\": 1, \"b\": [1, 2, ], }", "{\"a\":1,\"b\":[1,2]}", Set.of(TRAILING_COMMA)),
                arguments("{'name': 'Ada', 'tags': ['x', \"y\"]}", "{\"name\":\"Ada\",\"tags\":[\"x\",\"y\"]}",
                          Set.of(SINGLE_QUOTES)),
                arguments("{\n  // the name\n  \"name\": \"Ada\", /* and her age */ \"age\": 36\n}",
                          "{\"name\":\"Ada\",\"age\":36}", Set.of(COMMENT)),
                arguments("{name: \"Ada\", year_of_birth: 1815, $ref: null}",
                          "{\"name\":\"Ada\",\"year_of_birth\":1815,\"$ref\":null}", Set.of(UNQUOTED_KEY)),
                arguments("{\"poem\": \"line one\nline two\"}", "{\"poem\":\"line one\\nline two\"}",
                          Set.of(RAW_CONTROL_CHARACTER)),
                arguments("{\"a\": 1 \"b\": 2}", "{\"a\":1,\"b\":2}", Set.of(MISSING_COMMA)),
                arguments("[1 2 3]", "[1,2,3]", Set.of(MISSING_COMMA)),
                // Cut off (max_tokens, or a stream so far): closed at the depth reached, marked truncated.
                arguments("{\"name\": \"Ada\", \"langs\": [\"en\", \"fr",
                          "{\"name\":\"Ada\",\"langs\":[\"en\",\"fr\"]}", Set.of(TRUNCATED)),
                arguments("{\"a\": {\"b\": {\"c\": 1", "{\"a\":{\"b\":{\"c\":1}}}", Set.of(TRUNCATED)),
                arguments("{\"a\": 1, \"b\"", "{\"a\":1}", Set.of(TRUNCATED)),
                arguments("{\"a\": 1, \"b\":", "{\"a\":1}", Set.of(TRUNCATED)),
                arguments("{\"a\": 1, \"bc", "{\"a\":1}", Set.of(TRUNCATED)),
                arguments("{\"a\": tr", "{}", Set.of(TRUNCATED)),
                arguments("{\"a\": 12.", "{\"a\":12}", Set.of(TRUNCATED)),
                arguments("{\"a\": -", "{}", Set.of(TRUNCATED)),
                arguments("[{\"a\": 1}, {\"b\": \"\\u00e", "[{\"a\":1},{\"b\":\"\"}]", Set.of(TRUNCATED)),
                arguments("```json\n{\"a\": [1, 2,", "{\"a\":[1,2]}", Set.of(CODE_FENCE, TRUNCATED)),
                arguments("{", "{}", Set.of(TRUNCATED)),
                arguments("\"just a string\"", "\"just a string\"", Set.of()),
                arguments("42", "42", Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenOutputs")
    void mendsWhatModelsBreakAndSaysWhat(String text, String expected, Set<JsonRepair> repairs) throws Exception {
        final TolerantJson read = TolerantJsonReader.read(text).orElseThrow();
        assertThat(read.value()).isEqualTo(JSON.readTree(expected));
        assertThat(read.repairs()).isEqualTo(repairs);
        assertThat(read.truncated()).isEqualTo(repairs.contains(TRUNCATED));
    }

    @Test
    void textWithoutJsonHoldsNone() {
        assertThat(TolerantJsonReader.read("I cannot answer that.")).isEmpty();
        assertThat(TolerantJsonReader.read("")).isEmpty();
        assertThat(TolerantJsonReader.read("{not: json: at all} [also not")).isEmpty();
    }

    @Test
    void nestingTooDeepIsRefusedNotAStackOverflow() {
        final String deep = "[".repeat(100_000);
        assertThat(TolerantJsonReader.read(deep)).isEmpty();
        final String fine = "[".repeat(TolerantJsonReader.MAX_DEPTH) + "]".repeat(TolerantJsonReader.MAX_DEPTH);
        assertThat(TolerantJsonReader.read(fine)).hasValueSatisfying(read -> assertThat(read.clean()).isTrue());
    }

    @Test
    void everyValidDocumentReadsExactlyAsJacksonReadsIt() throws Exception {
        final Random random = new Random(20261202);
        for (int n = 0; n < 3_000; n++) {
            final JsonNode value = randomValue(random, 0);
            final String text = random.nextBoolean() ? JSON.writeValueAsString(value)
                                                     : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
            final TolerantJson read = TolerantJsonReader.read(text).orElseThrow(() -> new AssertionError(text));
            assertThat(read.value()).as(text).isEqualTo(JSON.readTree(text));
            assertThat(read.repairs()).as(text).isEmpty();
        }
    }

    @Test
    void everyPrefixOfADocumentReadsAsAPartialValue() throws Exception {
        final String text = "{\"title\": \"Notes\", \"items\": [{\"id\": 1, \"done\": true}, {\"id\": 22, "
                            + "\"text\": \"caf\\u00e9 \\\"late\\\"\"}], \"score\": -1.5e3, \"extra\": null}";
        for (int end = 1; end < text.length(); end++) {
            final TolerantJson read = TolerantJsonReader.read(text.substring(0, end)).orElseThrow();
            assertThat(read.value().isObject()).isTrue();
            assertThat(read.truncated()).as(text.substring(0, end)).isTrue();
        }
        final TolerantJson whole = TolerantJsonReader.read(text).orElseThrow();
        assertThat(whole.clean()).isTrue();
        assertThat(whole.value()).isEqualTo(JSON.readTree(text));
    }

    private static JsonNode randomValue(Random random, int depth) {
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        final int kind = random.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0: return nodes.nullNode();
            case 1: return nodes.booleanNode(random.nextBoolean());
            case 2: return nodes.numberNode(random.nextInt() >> random.nextInt(32));
            case 3: return random.nextBoolean() ? nodes.numberNode(random.nextLong())
                                                : nodes.numberNode(new BigInteger(96, random).negate());
            case 4: return nodes.numberNode((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
            case 5: return nodes.textNode(randomText(random));
            case 6: {
                final ObjectNode object = nodes.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(randomText(random), randomValue(random, depth + 1));
                }
                return object;
            }
            default: {
                final ArrayNode array = nodes.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(randomValue(random, depth + 1));
                }
                return array;
            }
        }
    }

    private static String randomText(Random random) {
        final String alphabet = "abc XYZ 019 \"\\/\n\t\r\b\f\u0001\u001f é日本😀'{}[],:";
        final StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            final int at = random.nextInt(alphabet.length());
            final char c = alphabet.charAt(at);
            text.append(Character.isHighSurrogate(c) && at + 1 < alphabet.length()
                        ? alphabet.substring(at, at + 2) : Character.isLowSurrogate(c) ? "x" : String.valueOf(c));
        }
        return text.toString();
    }
}
