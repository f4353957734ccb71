package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import dev.llmg.internal.testing.BedrockSignatures;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Bedrock's {@code ThrottlingException} names no wait, as AWS never sends a Retry-After: the gateway backs off and
 * tries the same target again, as AWS's SDKs do, within the group's attempts, before it moves to the next target;
 * a caller whose every target stays throttled still gets {@code RESOURCE_EXHAUSTED}.
 */
class BedrockThrottleTest {

    private static final String NOVA = "us.amazon.nova-2-lite-v1:0";

    @RegisterExtension
    @Order(1)
    static final ThrottlingBedrock bedrock = new ThrottlingBedrock();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            provider("first"),
            provider("second"),
            "models:",
            "  - name: chat",
            "    strategy: priority",
            "    targets: [{provider: first, model: \"" + NOVA + "\"}, {provider: second, model: \"" + NOVA + "\"}]",
            "  - name: alone",
            "    provider: first",
            "    provider_model: " + NOVA,
            "routing:",
            "  retry: {attempts: 3, backoff: 1ms, max_backoff: 10ms}",
            "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
            ""));

    private static String provider(String name) {
        return String.join("\n",
                "  " + name + ":",
                "    type: bedrock",
                "    region: " + BedrockSignatures.REGION,
                "    base_url: " + bedrock.httpUri() + "/" + name,
                "    access_key_id: " + BedrockSignatures.ACCESS_KEY_ID,
                "    secret_access_key: " + BedrockSignatures.SECRET_KEY);
    }

    @BeforeEach
    void reset() {
        bedrock.first.set(0);
        bedrock.second.set(0);
    }

    @Test
    void aThrottleIsRetriedOnTheSameTargetAfterABackoff() {
        bedrock.throttles.set(2);

        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("chat", "hi"));

        assertThat(response.getGateway().getProvider()).isEqualTo("first");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Hello!");
        assertThat(bedrock.first.get()).as("two throttled, then answered").isEqualTo(3);
        assertThat(bedrock.second.get()).isZero();
    }

    @Test
    void aTargetStillThrottledAfterItsAttemptsIsLeftForTheNext() {
        bedrock.throttles.set(3);

        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("chat", "hi"));

        assertThat(response.getGateway().getProvider()).isEqualTo("second");
        assertThat(bedrock.first.get()).isEqualTo(3);
        assertThat(bedrock.second.get()).isEqualTo(1);
    }

    @Test
    void callersStillSeeResourceExhaustedWhenEveryTryIsThrottled() {
        bedrock.throttles.set(100);

        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("alone", "hi")));

        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(bedrock.first.get()).isEqualTo(3);
        bedrock.throttles.set(0);
    }

    /**
     * Plays Bedrock's Converse on loopback for two providers, checking every request's SigV4 signature: the first
     * provider's calls are throttled while {@code throttles} lasts, then answered; the second's are answered.
     */
    static final class ThrottlingBedrock extends ServerExtension {
        final AtomicInteger throttles = new AtomicInteger();
        final AtomicInteger first = new AtomicInteger();
        final AtomicInteger second = new AtomicInteger();

        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("exact:/first/model/" + NOVA + "/converse", (ctx, req) -> HttpResponse.of(
                    req.aggregate().thenApply(request -> answer(request, first, throttles.getAndDecrement() > 0))));
            sb.service("exact:/second/model/" + NOVA + "/converse", (ctx, req) -> HttpResponse.of(
                    req.aggregate().thenApply(request -> answer(request, second, false))));
        }

        private static HttpResponse answer(AggregatedHttpRequest request, AtomicInteger count, boolean throttle) {
            BedrockSignatures.assertSigned(request.headers(), request.content().array());
            count.incrementAndGet();
            if (throttle) {
                // The documented shape; AWS sends no Retry-After.
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                                                      .contentType(MediaType.JSON)
                                                      .add("x-amzn-errortype", "ThrottlingException:"
                                                           + "http://internal.amazon.com/coral/com.amazon.bedrock/")
                                                      .build(),
                                       HttpData.ofUtf8("{\"message\":\"Too many requests, please wait before "
                                                       + "trying again.\"}"));
            }
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, HttpData.ofUtf8(
                    "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Hello!\"}]}},"
                    + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,\"outputTokens\":2,"
                    + "\"totalTokens\":5}}"));
        }
    }
}
