package dev.llmg.internal.structured;

import static dev.llmg.internal.structured.Schemas.json;
import static dev.llmg.internal.structured.Schemas.struct;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/** Protobuf's JSON model and Jackson's carry the same values, with integers kept integral on the way to Jackson. */
class JsonValuesTest {

    private static final String DOCUMENT =
            "{\"s\":\"text\",\"n\":1.5,\"i\":3,\"b\":true,\"z\":null,\"o\":{\"deep\":[1,\"x\",false,null,{\"k\":[]}]},"
            + "\"e\":{}}";

    @Test
    void structRoundTripsThroughJackson() {
        final Struct struct = struct(DOCUMENT);
        final JsonNode node = JsonValues.toJson(struct);

        assertThat(node).isEqualTo(json(DOCUMENT));
        assertThat(JsonValues.toStruct((ObjectNode) node)).isEqualTo(struct);
    }

    @Test
    void jacksonRoundTripsThroughProtobuf() {
        final JsonNode node = json(DOCUMENT);

        assertThat(JsonValues.toJson(JsonValues.toValue(node))).isEqualTo(node);
    }

    @Test
    void integralDoublesBecomeIntegralNodes() {
        assertThat(JsonValues.toJson(number(3.0)).isInt()).isTrue();
        assertThat(JsonValues.toJson(number(3.0)).intValue()).isEqualTo(3);
        assertThat(JsonValues.toJson(number(-0.0)).isInt()).isTrue();
        assertThat(JsonValues.toJson(number(1e10)).isLong()).isTrue();
        assertThat(JsonValues.toJson(number(1e10)).longValue()).isEqualTo(10_000_000_000L);
        assertThat(JsonValues.toJson(number(2.5)).isDouble()).isTrue();
        assertThat(JsonValues.toJson(number(1e20)).isDouble()).isTrue(); // beyond a long
        assertThat(JsonValues.toJson(number(Double.NaN)).isDouble()).isTrue();
    }

    @Test
    void schemaKeywordsKeepTheirIntegers() {
        final JsonNode schema = JsonValues.toJson(struct("{\"type\":\"array\",\"minItems\":2,\"maximum\":1.5}"));

        assertThat(schema.get("minItems").isInt()).isTrue();
        assertThat(schema.get("maximum").isDouble()).isTrue();
    }

    @Test
    void integersBeyondTwoToTheFiftyThirdLosePrecisionInProtobuf() {
        final Value value = JsonValues.toValue(json("9007199254740993")); // 2^53 + 1

        assertThat(value.getNumberValue()).isEqualTo(9007199254740992.0);
    }

    @Test
    void unsetValueIsNull() {
        assertThat(JsonValues.toJson(Value.getDefaultInstance()).isNull()).isTrue();
        assertThat(JsonValues.toValue(json("null")).getNullValue()).isEqualTo(NullValue.NULL_VALUE);
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }
}
