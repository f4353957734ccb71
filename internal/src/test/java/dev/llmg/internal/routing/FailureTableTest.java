package dev.llmg.internal.routing;

import static dev.llmg.internal.routing.FailureTable.Action.GIVE_UP;
import static dev.llmg.internal.routing.FailureTable.Action.MOVE_ON;
import static dev.llmg.internal.routing.FailureTable.Action.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;

import dev.llmg.internal.providers.http.ProviderErrors;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Every row of the failure table, from what a provider actually answers (status, headers, body, or a broken
 * call) through the one place that maps it, to what routing does next.
 */
class FailureTableTest {

    private final ProviderErrors errors = new ProviderErrors("p", "sk-test", Clock.systemUTC());

    private FailureTable.Action answered(int status, String... headers) {
        final ResponseHeadersBuilder builder = ResponseHeaders.builder(HttpStatus.valueOf(status));
        for (int i = 0; i < headers.length; i += 2) {
            builder.add(headers[i], headers[i + 1]);
        }
        return FailureTable.actionFor(errors.fromHttp(builder.build(), "{\"error\":{\"message\":\"no\"}}"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a429WithRetryAfterIsRetriedAndItsWaitKept() {
        assertThat(answered(429, "retry-after", "2")).isEqualTo(RETRY);
        assertThat(answered(429, "retry-after-ms", "150")).isEqualTo(RETRY);
        assertThat(FailureTable.retryAfterOf(errors.fromHttp(
                ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS).add("retry-after", "2").build(), new byte[0])))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a429WithoutRetryAfterMovesOn() {
        assertThat(answered(429)).isEqualTo(MOVE_ON);
        assertThat(answered(429, "x-amzn-errortype", "ServiceQuotaExceededException:http://internal.amazon.com/"))
                .as("a quota that does not pass soon").isEqualTo(MOVE_ON);
    }

    @Test
    void a429ThatAsksForABackoffWithoutRetryAfterIsRetried() {
        assertThat(answered(429, "x-amzn-errortype", "ThrottlingException:http://internal.amazon.com/coral/"))
                .isEqualTo(RETRY);
        assertThat(answered(429, "x-should-retry", "true")).isEqualTo(RETRY);
        assertThat(FailureTable.actionFor(errors.fromAwsException("throttlingException", "slow down",
                ResponseHeaders.of(HttpStatus.OK)))).as("mid-stream, as the stream reports it").isEqualTo(RETRY);
    }

    @ParameterizedTest
    @CsvSource({ "500", "502", "503", "504", "529", "408", "409" })
    void serverErrorsAndTimeoutsAreRetried(int status) {
        assertThat(answered(status)).isEqualTo(RETRY);
    }

    @ParameterizedTest
    @CsvSource({ "401", "403", "404", "418" })
    void failuresOfThisTargetAloneMoveOn(int status) {
        assertThat(answered(status)).isEqualTo(MOVE_ON);
    }

    @Test
    void aProviderThatSaysNotToRetryIsLeftForTheNextTarget() {
        assertThat(answered(503, "x-should-retry", "false")).isEqualTo(MOVE_ON);
        assertThat(answered(429, "retry-after", "1", "x-should-retry", "false")).isEqualTo(MOVE_ON);
    }

    @Test
    void aProviderThatSaysToRetryIsRetried() {
        assertThat(answered(404, "x-should-retry", "true")).as("the kind still decides: NOT_FOUND moves on")
                                                           .isEqualTo(MOVE_ON);
        assertThat(answered(429, "retry-after", "1", "x-should-retry", "true")).isEqualTo(RETRY);
    }

    @ParameterizedTest
    @CsvSource({ "400", "413", "422" })
    void badRequestsGoBackToTheCaller(int status) {
        assertThat(answered(status)).isEqualTo(GIVE_UP);
    }

    @Test
    void aContentFilterRefusalGoesBackToTheCaller() {
        assertThat(FailureTable.actionFor(errors.fromHttp(
                ResponseHeaders.of(HttpStatus.BAD_REQUEST),
                "{\"error\":{\"code\":\"content_filter\",\"message\":\"filtered\"}}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(GIVE_UP);
    }

    @Test
    void anUnreadableAnswerMovesOn() {
        assertThat(FailureTable.actionFor(errors.invalidResponse(ResponseHeaders.of(HttpStatus.OK), "not JSON", null)))
                .isEqualTo(MOVE_ON);
    }

    @Test
    void refusedResetAndSlowConnectionsAreRetried() {
        assertThat(FailureTable.actionFor(errors.fromThrowable(
                UnprocessedRequestException.of(new ConnectException("Connection refused"))))).isEqualTo(RETRY);
        assertThat(FailureTable.actionFor(errors.fromThrowable(new IOException("Connection reset by peer"))))
                .isEqualTo(RETRY);
        assertThat(FailureTable.actionFor(errors.fromThrowable(ResponseTimeoutException.get())))
                .isEqualTo(RETRY);
    }

    @Test
    void aCancelledCallGoesNowhere() {
        assertThat(FailureTable.actionFor(errors.fromThrowable(CancelledSubscriptionException.get()))).isEqualTo(GIVE_UP);
    }

    @Test
    void theGatewaysOwnTimeoutsAreRetriedButThePassingOfTheDeadlineIsNot() {
        assertThat(FailureTable.actionFor(new GatewayException(ErrorKind.TIMEOUT, "attempt_timeout", "slow")))
                .isEqualTo(RETRY);
        assertThat(FailureTable.actionFor(new GatewayException(ErrorKind.TIMEOUT, "deadline_exceeded", "late")))
                .isEqualTo(GIVE_UP);
    }

    @Test
    void aBugOfOursMovesOn() {
        assertThat(FailureTable.actionFor(AttemptRun.asGatewayException(new IllegalStateException("oops"))))
                .isEqualTo(MOVE_ON);
    }
}
