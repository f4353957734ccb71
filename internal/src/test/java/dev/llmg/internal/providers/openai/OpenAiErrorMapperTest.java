package dev.llmg.internal.providers.openai;

import dev.llmg.internal.providers.http.ProviderErrors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/** Covers what the HTTP tests cannot pin down: dates relative to a fixed clock, and transport failures. */
class ProviderErrorsTest {

    private static final Instant NOW = Instant.parse("2025-08-20T11:55:54Z");
    private final ProviderErrors mapper =
            new ProviderErrors("openai", "", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void retryAfterAsAnHttpDate() {
        final ProviderException error = mapper.fromHttp(
                ResponseHeaders.builder(503).add("retry-after", "Wed, 20 Aug 2025 11:56:24 GMT").build(), new byte[0]);

        assertThat(error.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(error.getMessage()).isEqualTo("openai answered HTTP 503 Service Unavailable");
    }

    @Test
    void retryAfterInThePastMeansNow() {
        final ProviderException error = mapper.fromHttp(
                ResponseHeaders.builder(429).add("retry-after", "Wed, 20 Aug 2025 11:00:00 GMT").build(), new byte[0]);

        assertThat(error.retryAfter()).contains(Duration.ZERO);
    }

    @Test
    void unreadableRetryAfterIsIgnored() {
        assertThat(mapper.fromHttp(ResponseHeaders.builder(429).add("retry-after", "soon").build(), new byte[0])
                         .retryAfter()).isEmpty();
    }

    @Test
    void otherErrorShapesKeepTheirMessage() {
        assertThat(mapper.fromHttp(ResponseHeaders.of(400), bytes("{\"error\":\"bad things\"}")).getMessage())
                .isEqualTo("bad things");
        assertThat(mapper.fromHttp(ResponseHeaders.of(422), bytes("{\"detail\":\"field required\"}")).getMessage())
                .isEqualTo("field required");
        assertThat(mapper.fromHttp(ResponseHeaders.of(404), bytes("{\"message\":\"no such model\"}")).getMessage())
                .isEqualTo("no such model");
    }

    @Test
    void transportFailures() {
        final ProviderException refused = (ProviderException) mapper.fromThrowable(new CompletionException(
                UnprocessedRequestException.of(new ConnectException("Connection refused"))));
        assertThat(refused.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.getMessage()).isEqualTo("could not reach openai: ConnectException: Connection refused");

        final GatewayException timeout = mapper.fromThrowable(ResponseTimeoutException.get());
        assertThat(timeout.kind()).isEqualTo(ErrorKind.TIMEOUT);

        assertThat(mapper.fromThrowable(ClosedSessionException.get()).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(mapper.fromThrowable(new IOException("Connection reset by peer")).kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(mapper.fromThrowable(CancelledSubscriptionException.get()).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(mapper.fromThrowable(new IllegalStateException("bug")).kind()).isEqualTo(ErrorKind.INTERNAL);
    }

    @Test
    void gatewayExceptionsPassThrough() {
        final GatewayException invalid = GatewayException.invalidArgument("model", "a model is required");

        assertThat(mapper.fromThrowable(new CompletionException(invalid))).isSameAs(invalid);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
