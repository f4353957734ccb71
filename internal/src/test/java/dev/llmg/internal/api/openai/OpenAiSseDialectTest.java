package dev.llmg.internal.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.streaming.SseResponder;
import dev.llmg.internal.providers.simulator.TestSimulators;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.GatewayException;

/**
 * Relays the real simulator's stream as Server-Sent Events on a real server: a caller that goes away cancels
 * the simulator's stream, and failures before the first piece are proper HTTP errors.
 */
class OpenAiSseDialectTest {

    /** Slow enough that a whole answer takes seconds; the caller leaves after the first piece. */
    private static final ChatProvider SIMULATOR = TestSimulators.pacedAt(5);

    private static volatile CompletableFuture<StreamMessage<StreamChatCompletionResponse>> upstream =
            new CompletableFuture<>();

    @RegisterExtension
    static final ServerExtension server = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/stream", (ctx, req) -> {
                final StreamMessage<StreamChatCompletionResponse> pieces = SIMULATOR.stream(ask(
                        "one two three four five six seven eight nine ten eleven twelve"), Attempt.unlimited());
                upstream.complete(pieces);
                return SseResponder.respond(pieces, new OpenAiSseDialect(new OpenAiChunkWriter(true, false)),
                                            ctx.eventLoop());
            });
            sb.service("/fails", (ctx, req) -> SseResponder.respond(
                    StreamMessage.aborted(GatewayException.invalidArgument("messages", "bad messages")),
                    new OpenAiSseDialect(new OpenAiChunkWriter(false, false)), ctx.eventLoop()));
        }
    };

    @Test
    @Timeout(20)
    void aCallerThatGoesAwayCancelsTheSimulatorsStream() throws Exception {
        upstream = new CompletableFuture<>();
        final CompletableFuture<String> firstEvent = new CompletableFuture<>();
        final HttpResponse response = WebClient.of(server.httpUri()).get("/stream");
        response.subscribe(new Subscriber<HttpObject>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription subscription) {
                this.subscription = subscription;
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(HttpObject object) {
                if (object instanceof HttpData && !((HttpData) object).isEmpty()) {
                    firstEvent.complete(((HttpData) object).toStringUtf8());
                    subscription.cancel(); // the caller goes away after the first piece
                }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        assertThat(firstEvent.get(10, TimeUnit.SECONDS)).startsWith("data: {").contains("\"role\":\"assistant\"");
        final StreamMessage<StreamChatCompletionResponse> pieces = upstream.get(10, TimeUnit.SECONDS);
        final Throwable ended = pieces.whenComplete().handle((ignored, cause) -> cause).get(10, TimeUnit.SECONDS);
        assertThat(ended).as("the simulator's stream was cancelled, not completed").isNotNull();
    }

    @Test
    void aFailureBeforeTheFirstPieceIsAnHttpError() {
        final AggregatedHttpResponse response = WebClient.of(server.httpUri()).get("/fails").aggregate().join();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).contains("\"message\":\"bad messages\"", "\"param\":\"messages\"");
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.newBuilder().setModel("sim").addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                .addContent(ContentPart.newBuilder().setText(text))).build();
    }
}
