package dev.llmg.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.spi.GatewayException;

/**
 * Schemas built to hurt whoever reads them (answers of billions of values, deep nesting, regular expressions
 * that backtrack for ever, $ref loops, numbers JSON cannot print) are refused, naming the keyword and the
 * limit; schemas as real callers write them, up to the limits, pass.
 */
@Timeout(10)
class SchemaBombTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', textBlock = """
            issue's 300-byte bomb   ; {"type":"array","minItems":2000,"items":{"type":"array","minItems":2000,"items":{"type":"array","minItems":2000}}} ; schema.items.minItems ; 262144
            tools bomb              ; {"type":"object","properties":{"a":{"type":"array","minItems":100000000}}} ; schema.properties.a.minItems ; 10000
            minLength               ; {"type":"string","minLength":1000000000}                        ; schema.minLength     ; 10000
            minProperties           ; {"type":"object","minProperties":20000}                          ; schema.minProperties ; 10000
            minContains             ; {"type":"array","contains":{"type":"string"},"minContains":1e6}  ; schema.minContains   ; 10000
            maxItems overflows      ; {"type":"array","maxItems":1e12}                                 ; schema.maxItems      ; 2147483647
            minItems negative       ; {"type":"array","minItems":-1}                                   ; schema.minItems      ; whole number
            minItems fraction       ; {"type":"array","minItems":1.5}                                  ; schema.minItems      ; whole number
            minItems text           ; {"type":"array","minItems":"3"}                                  ; schema.minItems      ; whole number
            strings times items     ; {"type":"array","minItems":10000,"items":{"type":"string","minLength":10000}} ; schema.minItems ; 262144
            required multiplied     ; {"type":"object","required":["a","b"],"properties":{"a":{"type":"array","minItems":9000,"items":{"type":"array","minItems":9000}},"b":{}}} ; schema.properties.a.minItems ; 262144
            inside anyOf            ; {"anyOf":[{"type":"array","minItems":10000,"items":{"type":"array","minItems":10000}}]} ; schema.anyOf[0].minItems ; 262144
            nested quantifier       ; {"type":"string","pattern":"^(a+)+$"}                            ; schema.pattern       ; repeat
            nested star             ; {"type":"string","pattern":"(a*)*b"}                             ; schema.pattern       ; repeat
            dot star starred        ; {"type":"string","pattern":"(.*)*"}                              ; schema.pattern       ; repeat
            words and spaces        ; {"type":"string","pattern":"^(\\\\w+\\\\s?)*$"}                  ; schema.pattern       ; repeat
            class plus starred      ; {"type":"string","pattern":"^([a-z]+)*$"}                        ; schema.pattern       ; repeat
            bounded but large       ; {"type":"string","pattern":"(a+){2,100}"}                        ; schema.pattern       ; repeat
            nested groups           ; {"type":"string","pattern":"((ab)*)+c"}                          ; schema.pattern       ; repeat
            two optional parts      ; {"type":"string","pattern":"^(a?a?)*$"}                          ; schema.pattern       ; repeat
            same alternatives       ; {"type":"string","pattern":"(a|a)*b"}                            ; schema.pattern       ; alternatives
            overlapping alternatives ; {"type":"string","pattern":"^(a|aa)+$"}                          ; schema.pattern       ; alternatives
            alternatives in group   ; {"type":"string","pattern":"^((x|x)y)*$"}                        ; schema.pattern       ; alternatives
            repeated twice over     ; {"type":"string","pattern":"((a|a){10}){10}"}                    ; schema.pattern       ; alternatives
            pattern does not compile ; {"type":"string","pattern":"(unclosed"}                          ; schema.pattern       ; not a valid regular expression
            pattern not a string    ; {"type":"string","pattern":7}                                    ; schema.pattern       ; must be a regular expression
            pattern property        ; {"type":"object","patternProperties":{"^(a+)+$":{"type":"string"}}} ; `schema.patternProperties.^(a+)+$` ; repeat
            nested pattern          ; {"type":"object","properties":{"id":{"type":"string","pattern":"(x+x+)+y"}}} ; schema.properties.id.pattern ; repeat
            names pattern           ; {"type":"object","propertyNames":{"pattern":"(.*a){20}"}}        ; schema.propertyNames.pattern ; repeat
            ref to the root         ; {"$ref":"#"}                                                     ; schema.$ref          ; $ref
            ref loop through allOf  ; {"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"} ; schema.$defs.b.allOf[0].$ref ; $ref
            ref loop through anyOf  ; {"$defs":{"a":{"anyOf":[{"type":"string"},{"$ref":"#/$defs/a"}]}}} ; schema.$defs.a.anyOf[1].$ref ; $ref
            """)
    void refusesABombNamingTheKeywordAndTheLimit(String what, String schema, String field, String message) {
        final GatewayException error = refusal(struct(schema));
        assertThat(error).as(what).isNotNull();
        assertThat(error.field()).as(what).isEqualTo(field);
        assertThat(error.getMessage()).as(what).startsWith(field).contains(message);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        final GatewayException error = refusal(nested(SchemaLimits.DEFAULT.maxDepth() + 1));
        assertThat(error).isNotNull();
        assertThat(error.getMessage()).contains("nested more than " + SchemaLimits.DEFAULT.maxDepth() + " levels");
        assertThatCode(() -> check(nested(SchemaLimits.DEFAULT.maxDepth()))).doesNotThrowAnyException();
    }

    @Test
    void refusesMoreSubschemasThanTheLimit() {
        final GatewayException error = refusal(manyProperties(SchemaLimits.DEFAULT.maxSubschemas()));
        assertThat(error).isNotNull();
        assertThat(error.field()).isEqualTo("schema");
        assertThat(error.getMessage()).contains("more than " + SchemaLimits.DEFAULT.maxSubschemas() + " subschemas");
        assertThatCode(() -> check(manyProperties(SchemaLimits.DEFAULT.maxSubschemas() - 1)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesPatternsLongerThanTheLimit() {
        final int max = SchemaLimits.DEFAULT.maxPatternLength();
        final GatewayException error = refusal(stringWithPattern("a".repeat(max + 1)));
        assertThat(error).isNotNull();
        assertThat(error.field()).isEqualTo("schema.pattern");
        assertThat(error.getMessage()).contains(String.valueOf(max));
        assertThatCode(() -> check(stringWithPattern("a".repeat(max)))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(doubles = { Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY })
    void refusesNumbersJsonCannotCarry(double number) {
        final Value bad = Value.newBuilder().setNumberValue(number).build();
        assertRefused(Struct.newBuilder().putFields("type", text("number")).putFields("minimum", bad).build(),
                      "schema.minimum");
        assertRefused(Struct.newBuilder().putFields("enum", list(text("a"), bad)).build(), "schema.enum[1]");
        assertRefused(Struct.newBuilder().putFields("properties", object("a", object("default", bad))).build(),
                      "schema.properties.a.default");
        assertRefused(Struct.newBuilder().putFields("x-vendor", object("deep", list(bad))).build(),
                      "schema.x-vendor.deep[0]");
        assertRefused(Struct.newBuilder().putFields("const", bad).build(), "schema.const");
    }

    @Test
    void refusesAValueWithNoKind() {
        assertRefused(Struct.newBuilder().putFields("minimum", Value.getDefaultInstance()).build(), "schema.minimum");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "^\\\\d+(\\\\.\\\\d+)*$",
            "^[a-z0-9]+(-[a-z0-9]+)*$",
            "^(\\\\d{1,3}\\\\.){3}\\\\d{1,3}$",
            "^((25[0-5]|2[0-4]\\\\d|1?\\\\d?\\\\d)\\\\.){3}(25[0-5]|2[0-4]\\\\d|1?\\\\d?\\\\d)$",
            "^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$",
            "^(https?|ftp)://[^\\\\s/$.?#].[^\\\\s]*$",
            "^[A-Z]{2}$",
            "^(foo|bar)*$",
            "^\\\\+?[1-9]\\\\d{1,14}$",
            "^#?([a-fA-F0-9]{6}|[a-fA-F0-9]{3})$",
            "^\\\\d{4}-\\\\d{2}-\\\\d{2}$",
            "^(?:[01]\\\\d|2[0-3]):[0-5]\\\\d$",
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            "^(\\\\([0-9]{3}\\\\))?[0-9]{3}-[0-9]{4}$",
            "^[A-Za-z_][A-Za-z0-9_]*(\\\\.[A-Za-z_][A-Za-z0-9_]*)*$",
            "^(ab?)*$",
            "^(?:(?:\\\\+|00)33|0)\\\\s*[1-9](?:[\\\\s.-]*\\\\d{2}){4}$",
    })
    void acceptsPatternsAsRealSchemasWriteThem(String pattern) {
        assertThatCode(() -> check(struct("{\"type\":\"string\",\"pattern\":\"" + pattern + "\"}")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // A tree: recursion through a property is fine, each step goes one level into the answer.
            "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"children\":{\"type\":\"array\","
            + "\"items\":{\"$ref\":\"#/$defs/node\"}}}}},\"$ref\":\"#/$defs/node\"}",
            // At the limits: 10,000 numbers, a 10,000-character string, 10,000 properties asked for.
            "{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"integer\"}}",
            "{\"type\":\"string\",\"minLength\":10000}",
            "{\"type\":\"object\",\"minProperties\":10000}",
            "{\"type\":\"array\",\"minItems\":10000,\"maxItems\":2147483647,\"items\":{\"type\":\"string\"}}",
            "{\"type\":\"string\",\"maxLength\":1000000}",
            // A bomb that is not forced: a fitting answer may take the small branch, or not be an array at all.
            "{\"anyOf\":[{\"type\":\"array\",\"minItems\":10000,\"items\":{\"type\":\"array\",\"minItems\":10000}},"
            + "{\"type\":\"null\"}]}",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"minItems\":10000,"
            + "\"items\":{\"type\":\"array\",\"minItems\":10000}}}}",
            "{\"minItems\":10000,\"items\":{\"minItems\":10000}}",
    })
    void acceptsSchemasWithinTheLimits(String schema) {
        assertThatCode(() -> check(struct(schema))).doesNotThrowAnyException();
    }

    @Test
    void refusesTheIssuesBombQuickly() {
        final Struct bomb = struct("{\"type\":\"array\",\"minItems\":2000,\"items\":{\"type\":\"array\","
                                   + "\"minItems\":2000,\"items\":{\"type\":\"array\",\"minItems\":2000}}}");
        final long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertThat(refusal(bomb)).isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    private static void assertRefused(Struct schema, String field) {
        final GatewayException error = refusal(schema);
        assertThat(error).as(field).isNotNull();
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.getMessage()).startsWith(field).containsAnyOf("NaN", "Infinity", "no value");
    }

    private static GatewayException refusal(Struct schema) {
        return catchThrowableOfType(GatewayException.class, () -> check(schema));
    }

    private static void check(Struct schema) {
        JsonSchemaCheck.check(schema, "schema");
    }

    private static Struct nested(int levels) {
        Struct schema = Struct.newBuilder().putFields("type", text("string")).build();
        for (int i = 0; i < levels; i++) {
            schema = Struct.newBuilder().putFields("type", text("array"))
                           .putFields("items", Value.newBuilder().setStructValue(schema).build()).build();
        }
        return schema;
    }

    private static Struct manyProperties(int count) {
        final Struct.Builder properties = Struct.newBuilder();
        for (int i = 0; i < count; i++) {
            properties.putFields("p" + i, object("type", text("string")));
        }
        return Struct.newBuilder().putFields("type", text("object"))
                     .putFields("properties", Value.newBuilder().setStructValue(properties).build()).build();
    }

    private static Struct stringWithPattern(String pattern) {
        return Struct.newBuilder().putFields("type", text("string")).putFields("pattern", text(pattern)).build();
    }

    private static Value text(String text) {
        return Value.newBuilder().setStringValue(text).build();
    }

    private static Value list(Value... values) {
        return Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(java.util.List.of(values))).build();
    }

    private static Value object(String key, Value value) {
        return Value.newBuilder().setStructValue(Struct.newBuilder().putFields(key, value)).build();
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
