package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

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

    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1755690953,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from upstream\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";

    private static volatile CountDownLatch secondEventAllowed = new CountDownLatch(1);
    private static final CompletableFuture<Throwable> upstreamEnded = new CompletableFuture<>();

    /** A stand-in for OpenAI that the test steers: a fixed answer, a held stream, a rate limit. */
    @RegisterExtension
    @Order(1)
    static final ServerExtension upstream = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                final String body = request.contentUtf8();
                if (body.contains("rate-limit-me")) {
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS)
                                                          .contentType(MediaType.JSON).add("retry-after", "7")
                                                          .add("x-request-id", "req_limited").build(),
                                           HttpData.ofUtf8("{\"error\":{\"message\":\"Rate limit reached for requests\","
                                                           + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
                }
                if (!body.contains("\"stream\":true")) {
                    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                                                          .add("x-request-id", "req_answered").build(),
                                           HttpData.ofUtf8(ANSWER));
                }
                final HttpResponseWriter stream = HttpResponse.streaming();
                stream.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build());
                stream.write(event("{\"role\":\"assistant\",\"content\":\"first \"}"));
                stream.whenComplete().handle((ignored, cause) -> upstreamEnded.complete(cause));
                ctx.whenRequestCancelled().thenAccept(upstreamEnded::complete);
                final CountDownLatch latch = secondEventAllowed;
                ctx.blockingTaskExecutor().execute(() -> { // waits off the event loop for the test's go-ahead
                    try {
                        if (latch.await(30, TimeUnit.SECONDS) && stream.isOpen()) {
                            stream.write(event("{\"content\":\"second\"}"));
                            stream.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                            stream.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return stream;
            })));
        }
    };

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway("") {
        @Override
        protected void configure(ServerBuilder sb) {
            configureWith(sb, String.join("\n",
                    "providers:",
                    "  openai:",
                    "    type: openai",
                    "    base_url: " + upstream.httpUri() + "/v1",
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
        }
    };

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
        secondEventAllowed = new CountDownLatch(1);
        final Iterator<StreamChatCompletionResponse> pieces =
                LlmgClient.connect(gateway.httpUri()).stream(ask("gpt-4o-mini", "hi"));
        // The upstream holds its second event until we have the first: buffering anywhere would hang here.
        assertThat(pieces.next().getChoices(0).getDelta().getContent()).isEqualTo("first ");
        secondEventAllowed.countDown();
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
        secondEventAllowed = new CountDownLatch(1);
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
        assertThat(upstreamEnded.get(10, TimeUnit.SECONDS)).as("the upstream stream ended abnormally").isNotNull();
        secondEventAllowed.countDown();
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

    private static HttpObject event(String delta) {
        return HttpData.ofUtf8("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                               + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":" + delta
                               + ",\"finish_reason\":null}]}\n\n");
    }
}
