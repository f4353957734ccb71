package dev.llmg.internal.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * Pins down what the loopback tests cannot easily: every string {@link ProviderErrors} takes from a provider
 * is bounded, and the descriptions of Java exceptions (messages and causes) are scrubbed of the key.
 */
class ProviderErrorsScrubbingTest {

    private static final String KEY = "gm-AIzaLikeKey-0123456789-abcdefghij";
    private final ProviderErrors errors = new ProviderErrors("gemini", KEY, Clock.systemUTC());

    @Test
    void boundsEveryStringAProviderSends() {
        final String huge = "p".repeat(1_000_000);
        final ProviderException error = errors.fromHttp(
                ResponseHeaders.builder(400).add("x-request-id", huge).build(),
                ("{\"error\":{\"message\":\"" + huge + "\",\"param\":\"" + huge + "\",\"code\":\"" + huge + "\"}}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(error.field()).hasSize(200).endsWith("...");
        assertThat(error.reason()).hasSize(200).endsWith("...");
        assertThat(error.providerRequestId()).hasSize(ProviderRequestIds.MAX_LENGTH).endsWith("...");
        assertThat(error.getMessage()).hasSizeBetween(1000, 4096).endsWith("...");
    }

    @Test
    void showsNoPartOfAKeyInTheSnippetOfABodyThatIsNotJson() {
        for (int at = 180; at < 210; at++) {
            final String html = "<html>" + "x".repeat(at) + KEY + "</html>";
            final ProviderException error = errors.fromHttp(ResponseHeaders.of(502),
                                                             html.getBytes(StandardCharsets.UTF_8));
            assertThat(error.getMessage()).contains("non-JSON body").doesNotContain(KEY.substring(0, 6));
        }
    }

    @Test
    void scrubsTheMessageAndTheCausesOfAFailedCall() {
        final GatewayException error = errors.fromThrowable(new CompletionException(UnprocessedRequestException.of(
                new ConnectException("connection refused: /v1/models?key=" + KEY))));

        assertThat(error.getMessage()).startsWith("could not reach gemini: ConnectException").doesNotContain(KEY);
        assertThat(printed(error)).doesNotContain(KEY).contains("java.net.ConnectException");
    }

    @Test
    void scrubsTheCauseOfAnUnreadableAnswer() {
        final ProviderException error = errors.invalidResponse(
                ResponseHeaders.of(200), "the body is not JSON",
                new IllegalStateException("Unrecognized token '" + KEY + "'"));

        assertThat(printed(error)).doesNotContain(KEY).contains("Unrecognized token '<redacted>'");
    }

    @Test
    void keepsACleanCauseAsItIs() {
        final ConnectException refused = new ConnectException("Connection refused");
        final GatewayException error = errors.fromThrowable(UnprocessedRequestException.of(refused));

        assertThat(error.getCause()).isInstanceOf(UnprocessedRequestException.class).hasCause(refused);
    }

    private static String printed(Throwable error) {
        final StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
