package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.internal.schema.ForcedSize;
import dev.llmg.internal.schema.JsonSchemaCheck;
import dev.llmg.spi.GatewayException;

/**
 * The simulator's made-up JSON fits every schema the gateway accepts, up to the limits, and never grows past
 * {@link SchemaExample#MAX_LENGTH} whatever the schema, even one that skipped the check.
 */
@Timeout(30)
class SchemaExampleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"integer\"}}",
            // Numbers as long as JSON numbers get, 10,000 of them: the estimate's worst case for numbers.
            "{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"number\",\"minimum\":-1.2345678901234567E-300}}",
            "{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"string\",\"format\":\"date-time\"}}",
            "{\"type\":\"array\",\"minItems\":10000,\"maxItems\":10000,\"items\":{\"type\":\"string\",\"maxLength\":2}}",
            "{\"type\":\"string\",\"minLength\":10000}",
            "{\"type\":\"string\",\"minLength\":3,\"maxLength\":3}",
            "{\"type\":\"object\",\"minProperties\":10000}",
            "{\"type\":\"object\",\"minProperties\":3,\"additionalProperties\":false,"
            + "\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"boolean\"},\"c\":{\"type\":\"null\"},\"d\":{}}}",
            "{\"type\":\"object\",\"required\":[\"a\",\"b\",\"c\"],\"properties\":{\"a\":{\"type\":\"array\",\"minItems\":100,"
            + "\"items\":{\"type\":\"array\",\"minItems\":100,\"items\":{\"type\":\"string\",\"minLength\":5}}},"
            + "\"b\":{\"type\":\"integer\",\"minimum\":7}}}",
            // The generous answer (with every optional property) is too long; the smallest one fits.
            "{\"type\":\"object\",\"required\":[\"big\"],\"properties\":{\"big\":{\"type\":\"array\",\"minItems\":10000,"
            + "\"items\":{\"type\":\"integer\"}},\"optional\":{\"type\":\"array\",\"minItems\":10000,"
            + "\"items\":{\"type\":\"string\",\"minLength\":30}}}}",
            // The first branch is too big for an answer, the second is not.
            "{\"anyOf\":[{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"array\",\"minItems\":10000}},"
            + "{\"type\":\"integer\",\"exclusiveMinimum\":4}]}",
            "{\"type\":[\"array\",\"null\"],\"minItems\":10000,\"items\":{\"type\":\"array\",\"minItems\":10000}}",
            "{\"type\":\"array\",\"prefixItems\":[{\"const\":\"x\"},{\"type\":\"integer\",\"maximum\":-3}],\"minItems\":3,"
            + "\"items\":{\"enum\":[true]}}",
            "{\"type\":\"array\",\"contains\":{\"type\":\"number\",\"exclusiveMaximum\":0},\"minContains\":2}",
            "{\"type\":\"object\",\"properties\":{\"weights\":{\"type\":\"array\",\"maxItems\":0}}}",
    })
    void answersEverySchemaWithinTheLimitsWithJsonThatFits(String schema) throws Exception {
        assertThatCode(() -> JsonSchemaCheck.check(struct(schema), "schema")).as("the check accepts it")
                                                                            .doesNotThrowAnyException();
        final String answer = SchemaExample.of(struct(schema), "Paris", "schema");
        assertThat(answer.length()).isLessThanOrEqualTo(SchemaExample.MAX_LENGTH);
        assertThat(SchemaFit.misfit(JSON.readTree(schema), JSON.readTree(answer), "answer")).isNull();
    }

    @Test
    void stillEchoesInTheFirstStringAndFitsItsLength() throws Exception {
        final String schema = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"maxLength\":4},"
                              + "\"code\":{\"type\":\"string\",\"minLength\":9}}}";
        final JsonNode answer = JSON.readTree(SchemaExample.of(struct(schema), "Paris", "schema"));
        assertThat(answer.get("city").asText()).isEqualTo("Pari");
        assertThat(answer.get("code").asText()).isEqualTo("examplexx");
    }

    @Test
    void dropsAnEchoTooLongForAnAnswerRatherThanTheSchema() throws Exception {
        final String schema = "{\"type\":\"object\",\"required\":[\"n\"],\"properties\":{\"text\":{\"type\":\"string\"},"
                              + "\"n\":{\"type\":\"integer\"}}}";
        final String answer = SchemaExample.of(struct(schema), "word ".repeat(100_000), "schema");
        assertThat(answer).isEqualTo("{\"n\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"array\",\"minItems\":2000,\"items\":{\"type\":\"array\",\"minItems\":2000,"
            + "\"items\":{\"type\":\"array\",\"minItems\":2000}}}",
            "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"array\",\"minItems\":100000000}}}",
            "{\"type\":\"string\",\"minLength\":1000000000}",
            "{\"type\":\"object\",\"minProperties\":1000000000}",
            "{\"type\":\"array\",\"minItems\":1e300}",
            "{\"const\":[[1,2,3],[4,5,6]],\"type\":\"array\",\"minItems\":100000000,\"items\":{}}",
    })
    void refusesWhatItCannotWriteInItsBoundQuickly(String schema) {
        final long start = System.nanoTime();
        final Throwable outcome = catchThrowableOfType(GatewayException.class,
                                                       () -> SchemaExample.of(struct(schema), "hi", "tools[0].parameters"));
        if (outcome != null) {
            assertThat(((GatewayException) outcome).field()).isEqualTo("tools[0].parameters");
            assertThat(outcome.getMessage()).contains(String.valueOf(SchemaExample.MAX_LENGTH));
        }
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(5_000_000_000L);
    }

    @Test
    void answersSchemasNestedDeeperThanItGoesWithoutOverflowingTheStack() {
        Struct schema = Struct.newBuilder().putFields("type", Value.newBuilder().setStringValue("integer").build())
                              .build();
        for (int i = 0; i < 5000; i++) {
            schema = Struct.newBuilder().putFields("anyOf", Value.newBuilder().setListValue(
                    com.google.protobuf.ListValue.newBuilder().addValues(Value.newBuilder().setStructValue(schema)))
                                                                 .build()).build();
        }
        final Struct deep = schema;
        assertThat(SchemaExample.of(deep, "hi", "schema").length()).isLessThan(10);
    }

    @Test
    void theSmallestAnswerFitsAndIsNeverLongerThanTheEstimateTheCheckUses() throws Exception {
        final RandomSchemas schemas = new RandomSchemas(20261130);
        for (int i = 0; i < 3000; i++) {
            final JsonNode schema = schemas.next(4);
            final Struct struct = struct(JSON.writeValueAsString(schema));
            final Value value = Value.newBuilder().setStructValue(struct).build();
            final String smallest = SchemaExample.smallest(value, "schema");
            assertThat((long) smallest.length()).as("%s gave %s", schema, smallest)
                                                .isLessThanOrEqualTo(ForcedSize.of(value));
            assertThat(SchemaFit.misfit(schema, JSON.readTree(smallest), "smallest")).as("%s gave %s", schema, smallest)
                                                                                     .isNull();
            final String generous = SchemaExample.of(struct, "Paris", "schema");
            assertThat(SchemaFit.misfit(schema, JSON.readTree(generous), "generous")).as("%s gave %s", schema, generous)
                                                                                     .isNull();
        }
    }

    @Test
    void everyFormatExampleIsWithinWhatTheEstimateCounts() {
        SchemaExample.FORMATS.values().forEach(
                example -> assertThat(example.length()).isLessThanOrEqualTo(ForcedSize.SHORT_STRING));
    }

    static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
        return struct.build();
    }
}
