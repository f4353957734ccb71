package dev.llmg.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * The one outgoing error mapping blanks anything shaped like a credential, whoever built the exception: a
 * provider that forgot to scrub, or a message that quotes a caller's header.
 */
class ErrorStatusScrubbingTest {

    private static final String TOKEN = "sk-proj-Zx81bQk2LmN0pQrStUvWxYz0123456789abcdEF";

    @Test
    void blanksCredentialsInEveryStringOfAProviderError() {
        final ProviderException error = ProviderException.builder("openai", ErrorKind.UNAUTHENTICATED)
                                                         .message("Incorrect API key provided: Bearer " + TOKEN)
                                                         .reason(TOKEN)
                                                         .field("x-api-key: " + TOKEN)
                                                         .providerRequestId("Bearer " + TOKEN)
                                                         .providerStatus(401)
                                                         .build();

        final com.google.rpc.Status status = ErrorStatus.of(error).orElseThrow();

        assertThat(new String(status.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        assertThat(status.getMessage()).isEqualTo("provider 'openai' answered 401: Incorrect API key provided: "
                                                  + "Bearer <redacted> (provider request id Bearer <redacted>)");
        final ErrorDetail detail = ErrorStatus.detail(status).orElseThrow();
        assertThat(detail.getReason()).isEqualTo("<redacted>");
        assertThat(detail.getField()).isEqualTo("x-api-key: <redacted>");
        assertThat(detail.getProviderRequestId()).isEqualTo("Bearer <redacted>");
    }

    @Test
    void blanksCredentialsInAnyOtherError() {
        final GatewayException error = new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_argument",
                                                            "headers.authorization",
                                                            "cannot forward authorization: Bearer " + TOKEN, null);

        final com.google.rpc.Status status = ErrorStatus.of(error).orElseThrow();

        assertThat(status.getMessage()).isEqualTo("cannot forward authorization: Bearer <redacted>");
        assertThat(ErrorStatus.detail(status).orElseThrow().getField()).isEqualTo("headers.authorization");
    }

    @Test
    void leavesOrdinaryErrorsAsTheyAre() {
        final GatewayException error = GatewayException.invalidArgument(
                "model", "unknown model 'gpt-4o-mini-2024-07-18'; known: gpt-4o, claude-3-5-sonnet-20241022");

        final com.google.rpc.Status status = ErrorStatus.of(error).orElseThrow();

        assertThat(status.getMessage()).isEqualTo(error.getMessage());
        assertThat(ErrorStatus.detail(status).orElseThrow().getField()).isEqualTo("model");
    }
}
