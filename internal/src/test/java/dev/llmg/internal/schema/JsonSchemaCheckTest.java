package dev.llmg.internal.schema;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.spi.GatewayException;

class JsonSchemaCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},\"n\":{\"type\":[\"integer\",\"null\"]}},"
            + "\"required\":[\"type\"],\"additionalProperties\":false}",
            "{\"type\":\"array\",\"items\":{\"anyOf\":[{\"type\":\"string\"},{\"$ref\":\"#/$defs/x\"}]},"
            + "\"$defs\":{\"x\":{\"enum\":[1,\"a\",null]}},\"x-vendor\":{\"anything\":[1]}}",
            "{\"type\":\"array\",\"items\":[{\"type\":\"string\"},true]}",
    })
    void acceptsSchemasShapedLikeSchemas(String schema) {
        assertThatCode(() -> JsonSchemaCheck.check(struct(schema), "schema")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"type":"banana"}                                          | schema.type
            {"type":7}                                                 | schema.type
            {"type":[]}                                                | schema.type
            {"properties":[]}                                          | schema.properties
            {"properties":{"a":"string"}}                              | schema.properties.a
            {"properties":{"a":{"type":"strin"}}}                      | schema.properties.a.type
            {"required":"a"}                                           | schema.required
            {"required":[1]}                                           | schema.required
            {"enum":"a"}                                               | schema.enum
            {"anyOf":[]}                                               | schema.anyOf
            {"items":{"type":"banana"}}                                | schema.items.type
            {"$defs":{"x":{"oneOf":[{"type":"nope"}]}}}                | schema.$defs.x.oneOf[0].type
            """)
    void namesTheKeywordThatIsWrong(String schema, String field) {
        assertThatThrownBy(() -> JsonSchemaCheck.check(struct(schema), "schema"))
                .isInstanceOfSatisfying(GatewayException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo(field));
    }

    private static Struct struct(String json) throws Exception {
        final Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }
}
