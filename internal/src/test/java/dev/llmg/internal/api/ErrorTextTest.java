package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What an error may echo is bounded: quoted values, whole messages, detail fields. */
class ErrorTextTest {

    @Test
    void shortTextIsKeptAsItIs() {
        assertThat(ErrorText.message("model 'gpt-4o' is not configured")).isEqualTo("model 'gpt-4o' is not configured");
    }

    @Test
    void aLongQuotedValueIsCutAndItsLengthSaid() {
        final String message = ErrorText.message("model '" + "m".repeat(200_000) + "' is not configured");
        assertThat(message).isEqualTo("model '" + "m".repeat(100) + "…' (200000 characters) is not configured");
    }

    @Test
    void aLongMessageIsCutToItsByteBoundWithoutSplittingACharacter() {
        final String message = ErrorText.message("é".repeat(5000));
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ErrorText.MAX_MESSAGE_BYTES);
        assertThat(message).endsWith("é…");
    }

    @Test
    void fieldsAreCutToo() {
        assertThat(ErrorText.field("x".repeat(1000)).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ErrorText.MAX_FIELD_BYTES);
        assertThat(ErrorText.field(null)).isEmpty();
    }
}
