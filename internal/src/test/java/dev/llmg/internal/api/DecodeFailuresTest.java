package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

/** Parser failures are described for the caller, with no class names, source excerpts or line breaks. */
class DecodeFailuresTest {

    @Test
    void jacksonSyntaxErrorsGiveThePositionAndNoSource() {
        final JsonProcessingException e = parse("{\"model\":\n{");
        final String message = DecodeFailures.describe(e);
        assertThat(message).startsWith("the request body is not valid JSON: the text ends before its object is complete")
                           .endsWith("(line 2, column 2)")
                           .doesNotContain("Source", "REDACTED", "\n");
    }

    @Test
    void gsonErrorsUnderJsonFormatLoseTheirClassNames() {
        final InvalidProtocolBufferException e = jsonFormat("{\"a\": }");
        assertThat(DecodeFailures.isDecodeFailure(e)).isTrue();
        assertThat(DecodeFailures.describe(e)).doesNotContain("com.google", "Exception", "\n").isNotBlank();
    }

    @Test
    void numbersThatAreNotNumbersSaySoWithoutJavasWords() {
        final String message = DecodeFailures.describe(new NumberFormatException("For input string: \"abc\""));
        assertThat(message).contains("not a number").doesNotContain("For input string");
    }

    @Test
    void sanitizeRemovesClassNamesAndJavasNumberWording() {
        assertThat(DecodeFailures.sanitize("com.google.gson.stream.MalformedJsonException: Unterminated object"))
                .isEqualTo("Unterminated object");
        assertThat(DecodeFailures.sanitize("For input string: \"abc\"")).isEqualTo("\"abc\" is not a number");
    }

    @Test
    void aCallerThatWentAwayIsNotADecodeFailure() {
        assertThat(DecodeFailures.isDecodeFailure(new ClosedChannelException())).isFalse();
        assertThat(DecodeFailures.isDecodeFailure(new IllegalStateException("bug"))).isFalse();
    }

    private static JsonProcessingException parse(String json) {
        try {
            new ObjectMapper().readTree(json);
            throw new AssertionError("parsed");
        } catch (JsonProcessingException e) {
            return e;
        }
    }

    private static InvalidProtocolBufferException jsonFormat(String json) {
        try {
            JsonFormat.parser().merge(json, Struct.newBuilder());
            throw new AssertionError("parsed");
        } catch (InvalidProtocolBufferException e) {
            return e;
        }
    }
}
