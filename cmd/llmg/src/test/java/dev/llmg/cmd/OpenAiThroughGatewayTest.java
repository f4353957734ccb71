package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The gateway in front of a real OpenAI-compatible HTTP server on loopback: answers, streaming without
 * buffering, cancellation reaching upstream, and provider errors keeping what the provider said.
 */
class OpenAiThroughGatewayTest {

    @RegisterExtension
    @Order(1)
    static final LoopbackUpstream upstream = new LoopbackUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
                "providers:",
                "  openai:",
                "    type: openai",
                "    base_url: " + upstream.baseUrl(),
                "    api_key: sk-test",
                "  keyless:",
                "    type: openai",
                "    api_key: env:LLMG_TEST_UNSET_KEY",
                "models:",
                "  - name: gpt-4o-mini",
                "    provider: openai",
                "  - name: gpt-needs-key",
                "    provider: keyless",
                ""));

    @Test
    void answersThroughTheProviderAndSaysWhoServed() {
        final CreateChatCompletionResponse answer = LlmgClient.connect(gateway.httpUri()).complete(ask("gpt-4o-mini", "hi"));
        assertThat(answer.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Hello from upstream");
        assertThat(answer.getUsage().getTotalTokens()).isEqualTo(12);
        assertThat(answer.getGateway().getProvider()).isEqualTo("openai");
        assertThat(answer.getGateway().getProviderRequestId()).isEqualTo("req_answered");
    }

    @Test
    @Timeout(20)
    void streamsEachPieceAsSoonAsTheProviderSendsIt() {
        upstream.reset();
        final Iterator<StreamChatCompletionResponse> pieces =
                LlmgClient.connect(gateway.httpUri()).stream(ask("gpt-4o-mini", "hi"));
        // The upstream holds its second event until we have the first: buffering anywhere would hang here.
        assertThat(pieces.next().getChoices(0).getDelta().getContent()).isEqualTo("first ");
        upstream.allowSecondEvent();
        assertThat(pieces.next().getChoices(0).getDelta().getContent()).isEqualTo("second");
        StreamChatCompletionResponse last = null;
        while (pieces.hasNext()) {
            last = pieces.next();
        }
        assertThat(last.getGateway().getProvider()).isEqualTo("openai");
    }

    @Test
    @Timeout(20)
    void cancellingTheGrpcCallStopsTheProviderCall() throws Exception {
        upstream.reset();
        final CompletableFuture<StreamChatCompletionResponse> first = new CompletableFuture<>();
        GrpcClients.newClient(gateway.httpUri(), ChatServiceGrpc.ChatServiceStub.class).streamChatCompletion(
                StreamChatCompletionRequest.newBuilder().setChat(ask("gpt-4o-mini", "hi")).build(),
                new ClientResponseObserver<StreamChatCompletionRequest, StreamChatCompletionResponse>() {
                    private ClientCallStreamObserver<StreamChatCompletionRequest> call;
                    @Override public void beforeStart(ClientCallStreamObserver<StreamChatCompletionRequest> call) {
                        this.call = call;
                    }
                    @Override public void onNext(StreamChatCompletionResponse piece) {
                        first.complete(piece);
                        call.cancel("the caller went away", null);
                    }
                    @Override public void onError(Throwable t) {}
                    @Override public void onCompleted() {}
                });
        assertThat(first.get(10, TimeUnit.SECONDS).getChoices(0).getDelta().getContent()).isEqualTo("first ");
        assertThat(upstream.ended().get(10, TimeUnit.SECONDS)).as("the upstream stream ended abnormally").isNotNull();
        upstream.allowSecondEvent();
    }

    @Test
    void providerErrorsKeepTheProvidersMessageAndRetryAfter() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(ask("gpt-4o-mini", "rate-limit-me")));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(error.getStatus().getDescription())
                .contains("provider 'openai' answered 429", "Rate limit reached for requests", "req_limited");
        final var detail = BadRequestTest.detailOf(error);
        assertThat(detail.getRetryable()).isTrue();
        assertThat(detail.getRetryAfter().getSeconds()).isEqualTo(7);
        assertThat(detail.getProviderStatus()).isEqualTo(429);
    }

    @Test
    void aModelWhoseProviderHasNoKeySaysWhatToSet() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(ask("gpt-needs-key", "hi")));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(error.getStatus().getDescription()).contains("providers.keyless.api_key", "LLMG_TEST_UNSET_KEY");
        assertThat(LlmgClient.connect(gateway.httpUri()).listModels().getModelsList())
                .filteredOn(model -> model.getId().equals("gpt-needs-key"))
                .singleElement().satisfies(model -> assertThat(model.getAvailable()).isFalse());
    }

}
