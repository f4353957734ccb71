package dev.llmg.internal.structured;

import static dev.llmg.internal.structured.JsonRepair.CODE_FENCE;
import static dev.llmg.internal.structured.JsonRepair.STRING_AS_NUMBER;
import static dev.llmg.internal.structured.JsonRepair.UNWRAPPED_ARRAY;
import static dev.llmg.internal.structured.Schemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/** Coercion mends what the schema shows plainly, says so, and leaves everything else (and its input) alone. */
class SchemaCoercionTest {

    private static final String TREE = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{"
                                       + "\"v\":{\"type\":\"integer\"},"
                                       + "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}}}},"
                                       + "\"$ref\":\"#/$defs/node\"}";

    static Stream<Arguments> cases() {
        final Set<JsonRepair> none = Set.of();
        return Stream.of(
                // schema, value, expected, repairs
                arguments("{\"type\":\"object\"}", "[{\"a\":1}]", "{\"a\":1}", Set.of(UNWRAPPED_ARRAY)),
                arguments("{\"properties\":{\"a\":{}}}", "[{\"a\":1}]", "{\"a\":1}", Set.of(UNWRAPPED_ARRAY)),
                arguments("{\"type\":\"object\"}", "[{\"a\":1},{\"b\":2}]", "[{\"a\":1},{\"b\":2}]", none),
                arguments("{\"type\":\"object\"}", "[1]", "[1]", none),
                arguments("{\"type\":[\"object\",\"array\"]}", "[{\"a\":1}]", "[{\"a\":1}]", none),
                arguments("{\"type\":\"number\"}", "\"42\"", "42", Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"number\"}", "\"-4.5e2\"", "-450.0", Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"integer\"}", "\"42\"", "42", Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"integer\"}", "\"12345678901234567890\"", "12345678901234567890",
                          Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"integer\"}", "\"4.5\"", "\"4.5\"", none),
                arguments("{\"type\":\"number\"}", "\" 42\"", "\" 42\"", none),
                arguments("{\"type\":\"number\"}", "\"042\"", "\"042\"", none),
                arguments("{\"type\":\"number\"}", "\"NaN\"", "\"NaN\"", none),
                arguments("{\"type\":\"number\"}", "\"forty-two\"", "\"forty-two\"", none),
                arguments("{\"type\":[\"number\",\"string\"]}", "\"42\"", "\"42\"", none),
                arguments("{\"type\":[\"integer\",\"null\"]}", "\"7\"", "7", Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"boolean\"}", "\"true\"", "true", Set.of(STRING_AS_NUMBER)),
                arguments("{\"type\":\"boolean\"}", "\"False\"", "\"False\"", none),
                arguments("{\"type\":\"string\"}", "\"42\"", "\"42\"", none),
                arguments("{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
                          + "{\"type\":\"object\",\"properties\":{\"price\":{\"type\":\"number\"}}}}}}",
                          "{\"items\":[{\"price\":\"9.5\"},{\"price\":3}],\"other\":\"1\"}",
                          "{\"items\":[{\"price\":9.5},{\"price\":3}],\"other\":\"1\"}", Set.of(STRING_AS_NUMBER)),
                arguments("{\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":\"1\",\"b\":2}",
                          "{\"a\":1,\"b\":2}", Set.of(STRING_AS_NUMBER)),
                arguments("{\"additionalProperties\":false}", "{\"a\":\"1\"}", "{\"a\":\"1\"}", none),
                arguments("{\"prefixItems\":[{\"type\":\"integer\"},{\"type\":\"boolean\"}],"
                          + "\"items\":{\"type\":\"number\"}}",
                          "[\"1\",\"false\",\"2.5\"]", "[1,false,2.5]", Set.of(STRING_AS_NUMBER)),
                arguments("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                          + "\"items\":[{\"type\":\"integer\"}]}", "[\"1\",\"2\"]", "[1,\"2\"]",
                          Set.of(STRING_AS_NUMBER)),
                arguments("{\"$ref\":\"#/$defs/order\",\"$defs\":{\"order\":{\"type\":\"object\","
                          + "\"properties\":{\"qty\":{\"$ref\":\"#/$defs/qty\"}}},\"qty\":{\"type\":\"integer\"}}}",
                          "[{\"qty\":\"3\"}]", "{\"qty\":3}", Set.of(UNWRAPPED_ARRAY, STRING_AS_NUMBER)),
                arguments("{\"properties\":{\"a\":{\"$ref\":\"#/definitions/n\"}},"
                          + "\"definitions\":{\"n\":{\"type\":\"number\"}}}", "{\"a\":\"1\"}", "{\"a\":1}",
                          Set.of(STRING_AS_NUMBER)),
                arguments("{\"properties\":{\"a\":{\"$ref\":\"https://example.com/n.json\"}}}", "{\"a\":\"1\"}",
                          "{\"a\":\"1\"}", none),
                arguments("{\"allOf\":[{\"properties\":{\"a\":{\"type\":\"integer\"}}},"
                          + "{\"properties\":{\"b\":{\"type\":\"boolean\"}}}]}",
                          "{\"a\":\"1\",\"b\":\"true\"}", "{\"a\":1,\"b\":true}", Set.of(STRING_AS_NUMBER)),
                arguments("{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"null\"}]}", "\"3\"", "3",
                          Set.of(STRING_AS_NUMBER)),
                arguments("{\"oneOf\":[{\"type\":\"integer\",\"minimum\":0},{\"type\":\"integer\",\"maximum\":-10}]}",
                          "\"3\"", "3", Set.of(STRING_AS_NUMBER)),
                arguments("{\"anyOf\":[{\"type\":\"number\"},{\"type\":\"string\"}]}", "\"3\"", "\"3\"", none),
                arguments("{\"$ref\":\"#/$defs/a\",\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},"
                          + "\"b\":{\"allOf\":[{\"$ref\":\"#/$defs/a\"}]}}}", "\"1\"", "\"1\"", none),
                arguments(TREE, "{\"v\":\"1\",\"kids\":[{\"v\":2,\"kids\":[{\"v\":\"3\"}]}]}",
                          "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":3}]}]}", Set.of(STRING_AS_NUMBER)),
                arguments("true", "\"1\"", "\"1\"", none));
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("cases")
    void mendsWhatTheSchemaShows(String schema, String value, String expected, Set<JsonRepair> repairs) {
        final TolerantJson read = new TolerantJson(json(value), Set.of());

        final TolerantJson mended = SchemaCoercion.coerce(read, json(schema));

        assertThat(mended.value()).isEqualTo(json(expected));
        assertThat(mended.value().toString()).isEqualTo(json(expected).toString()); // 42, not 42.0
        assertThat(mended.repairs()).isEqualTo(repairs);
    }

    @Test
    void neverChangesItsInput() {
        final JsonNode value = json("[{\"a\":\"1\"}]");
        final TolerantJson read = new TolerantJson(value, Set.of(CODE_FENCE));

        final TolerantJson mended = SchemaCoercion.coerce(
                read, json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}"));

        assertThat(value).isEqualTo(json("[{\"a\":\"1\"}]"));
        assertThat(mended.value()).isEqualTo(json("{\"a\":1}"));
        assertThat(mended.repairs()).containsExactlyInAnyOrder(CODE_FENCE, UNWRAPPED_ARRAY, STRING_AS_NUMBER);
    }

    @Test
    void returnsItsInputWhenNothingNeedsMending() {
        final TolerantJson read = new TolerantJson(json("{\"a\":1}"), Set.of(CODE_FENCE));

        assertThat(SchemaCoercion.coerce(read, json("{\"properties\":{\"a\":{\"type\":\"integer\"}}}")))
                .isSameAs(read);
    }
}
