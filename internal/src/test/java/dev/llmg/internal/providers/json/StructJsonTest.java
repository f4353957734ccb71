package dev.llmg.internal.providers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * Protobuf's JSON model and Jackson's carry the same values, with integers kept integral on the way to Jackson,
 * and what JSON cannot carry is refused.
 */
class StructJsonTest {

    private static final String DOCUMENT =
            "{\"s\":\"text\",\"n\":1.5,\"i\":3,\"b\":true,\"z\":null,\"o\":{\"deep\":[1,\"x\",false,null,{\"k\":[]}]},"
            + "\"e\":{}}";

    @Test
    void structRoundTripsThroughJackson() {
        final Struct struct = struct(DOCUMENT);
        final JsonNode node = StructJson.toJson(struct);

        assertThat(node).isEqualTo(json(DOCUMENT));
        assertThat(StructJson.toStruct((ObjectNode) node)).isEqualTo(struct);
    }

    @Test
    void jacksonRoundTripsThroughProtobuf() {
        final JsonNode node = json(DOCUMENT);

        assertThat(StructJson.toJson(StructJson.toValue(node))).isEqualTo(node);
    }

    @Test
    void integralDoublesBecomeIntegralNodes() {
        assertThat(StructJson.toJson(number(3.0)).isInt()).isTrue();
        assertThat(StructJson.toJson(number(3.0)).intValue()).isEqualTo(3);
        assertThat(StructJson.toJson(number(-0.0)).isInt()).isTrue();
        assertThat(StructJson.toJson(number(1e10)).isLong()).isTrue();
        assertThat(StructJson.toJson(number(1e10)).longValue()).isEqualTo(10_000_000_000L);
        assertThat(StructJson.toJson(number(2.5)).isDouble()).isTrue();
        assertThat(StructJson.toJson(number(1e20)).isDouble()).isTrue(); // beyond 2^53
        assertThatThrownBy(() -> StructJson.toJson(number(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemaKeywordsKeepTheirIntegers() {
        final JsonNode schema = StructJson.toJson(struct("{\"type\":\"array\",\"minItems\":2,\"maximum\":1.5}"));

        assertThat(schema.get("minItems").isInt()).isTrue();
        assertThat(schema.get("maximum").isDouble()).isTrue();
    }

    @Test
    void integersBeyondTwoToTheFiftyThirdLosePrecisionInProtobuf() {
        final Value value = StructJson.toValue(json("9007199254740993")); // 2^53 + 1

        assertThat(value.getNumberValue()).isEqualTo(9007199254740992.0);
    }

    @Test
    void unsetValueIsNull() {
        assertThat(StructJson.toJson(Value.getDefaultInstance()).isNull()).isTrue();
        assertThat(StructJson.toValue(json("null")).getNullValue()).isEqualTo(NullValue.NULL_VALUE);
    }

    @Test
    void aNumberNoDoubleCarriesIsRefused() {
        assertThatThrownBy(() -> StructJson.toValue(json("1e400"))).isInstanceOf(IllegalArgumentException.class)
                                                                     .hasMessageContaining("too large");
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            com.google.protobuf.util.JsonFormat.parser().merge(json, struct);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return struct.build();
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }
}
