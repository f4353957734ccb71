package dev.llmg.internal.api.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/** The strict syntax: one JSON value, nothing after it, no name twice in one object. */
class JsonTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            trailing word        | {"a":1}xyz           | there is more text after the JSON value (line 1, column 8)
            two objects          | {"a":1}{"a":2}       | there is more text after the JSON value (line 1, column 8)
            a closing bracket    | {"a":1}]             | there is more text after the JSON value
            a second number      | 1 2                  | there is more text after the JSON value (line 1, column 3)
            a repeated name      | {"a":1,"a":2}        | the name "a" appears twice
            a nested repeat      | {"a":{"b":1,"b":1}}  | the name "b" appears twice
            unclosed             | {"a":1               | not valid JSON
            empty                | ``                   | is empty
            only whitespace      | `  `                 | is empty
            """)
    void malformedTextIsRefusedSayingWhere(String what, String text, String message) {
        for (GatewayException error : new GatewayException[] {
                catchThrowableOfType(GatewayException.class, () -> JsonText.read(text == null ? "" : text, "the body")),
                catchThrowableOfType(GatewayException.class, () -> JsonText.read(new ByteArrayInputStream(
                        (text == null ? "" : text).getBytes(StandardCharsets.UTF_8)), "the body")) }) {
            assertThat(error).as(what).isNotNull();
            assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(error.reason()).isEqualTo("invalid_json");
            assertThat(error.field()).isEmpty();
            assertThat(error.getMessage()).as(what).startsWith("the body ").contains(message);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"a\":1}  \n\t ", "[1,2]", "\"x\"", "{\"a\":{\"a\":1},\"b\":{\"a\":2}}" })
    void oneValueWithWhitespaceAfterItIsRead(String text) {
        final JsonNode value = JsonText.read(text.getBytes(StandardCharsets.UTF_8), "the body");
        assertThat(value).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "[1]", "\"x\"", "null", "3" })
    void onlyObjectsAreObjects(String text) {
        final GatewayException error = catchThrowableOfType(GatewayException.class,
                () -> JsonText.readObject(text, "the message"));
        assertThat(error.getMessage()).startsWith("the message must be a JSON object, not ");
    }
}
