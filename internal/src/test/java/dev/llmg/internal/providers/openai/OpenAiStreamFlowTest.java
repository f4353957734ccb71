package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.user;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.Chat;
import dev.llmg.internal.providers.replay.PieceSubscriber;

/**
 * Shows how a stream flows, with servers that write event by event: pieces reach the caller as soon as their
 * bytes arrive (nothing buffers the body), only as many as the caller asks for, cancelling aborts the
 * upstream request, and the response timeout acts between pieces rather than on the whole stream.
 */
class OpenAiStreamFlowTest {

    private static final int TRICKLE_PIECES = 8;
    private static final long TRICKLE_GAP_MILLIS = 400;

    /** Completed by the test once it has the first decoded piece; only then does /stepwise go on. */
    private static final CompletableFuture<Void> firstPieceSeen = new CompletableFuture<>();
    private static final CompletableFuture<Throwable> endlessEnded = new CompletableFuture<>();
    private static final CompletableFuture<Void> silentReceived = new CompletableFuture<>();
    private static final CompletableFuture<Throwable> silentCancelled = new CompletableFuture<>();

    @RegisterExtension
    static final ReplayServer server = new ReplayServer(OpenAiStreamFlowTest::routes);

    private static void routes(ServerBuilder sb) {
        sb.service("/stepwise/v1/chat/completions", (ctx, req) -> {
            final HttpResponseWriter res = startStream(ctx);
            res.write(HttpData.ofUtf8(chunk("Hel")));
            // Deadlocks, and the test fails by timeout, if the client waits for more bytes before decoding.
            firstPieceSeen.thenRun(() -> {
                res.write(HttpData.ofUtf8(chunk("lo")));
                res.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                res.close();
            });
            return res;
        });
        sb.service("/endless/v1/chat/completions", (ctx, req) -> {
            final HttpResponseWriter res = startStream(ctx);
            res.write(HttpData.ofUtf8(chunk("Hel")));
            res.whenComplete().handle((unused, cause) -> endlessEnded.complete(cause));
            return res;
        });
        sb.service("/silent/v1/chat/completions", (ctx, req) -> {
            ctx.clearRequestTimeout();
            ctx.whenRequestCancelled().thenAccept(silentCancelled::complete);
            silentReceived.complete(null);
            return HttpResponse.streaming(); // Not even headers.
        });
        sb.service("/stall/v1/chat/completions", (ctx, req) -> {
            final HttpResponseWriter res = startStream(ctx);
            res.write(HttpData.ofUtf8(chunk("Hel")));
            return res;
        });
        sb.service("/trickle/v1/chat/completions", (ctx, req) -> {
            final HttpResponseWriter res = startStream(ctx);
            for (int i = 1; i <= TRICKLE_PIECES; i++) {
                final boolean last = i == TRICKLE_PIECES;
                ctx.eventLoop().schedule(() -> {
                    res.write(HttpData.ofUtf8(chunk("x")));
                    if (last) {
                        res.write(HttpData.ofUtf8("data: [DONE]\n\n"));
                        res.close();
                    }
                }, i * TRICKLE_GAP_MILLIS, TimeUnit.MILLISECONDS);
            }
            return res;
        });
    }

    @Test
    void piecesArriveAsTheirBytesDoNotAtTheEnd() {
        final PieceSubscriber subscriber = subscribe("/stepwise/v1", KEY);

        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("Hel");
        firstPieceSeen.complete(null);
        subscriber.request();
        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("lo");
        subscriber.request();
        assertThat(subscriber.awaitEnd()).as("a normal end").isNull();
    }

    @Test
    void deliversOnlyAsManyPiecesAsRequested() {
        final PieceSubscriber subscriber = new PieceSubscriber();
        new OpenAiProvider(OpenAiSettings.of("openai",
                                             server.baseUri("openai", "chat-streaming-include-usage-wire"), KEY))
                .stream(request(), Attempt.unlimited()).subscribe(subscriber);

        assertThat(subscriber.next().getChoices(0).getDelta().getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        // The whole body is on its way, but nobody asked for a second piece.
        assertThat(subscriber.receivesAnyWithin(300)).isFalse();
        subscriber.requestAll();
        assertThat(subscriber.awaitEnd()).isNull();
        assertThat(subscriber.waiting()).isEqualTo(15);
    }

    @Test
    void cancellingTheStreamAbortsTheUpstreamRequest() throws Exception {
        final PieceSubscriber subscriber = subscribe("/endless/v1", KEY);
        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("Hel");

        subscriber.cancel();

        final Throwable serverSide = endlessEnded.get(10, TimeUnit.SECONDS);
        assertThat(serverSide).as("the server's response ended abnormally: the client reset it").isNotNull();
    }

    @Test
    void cancellingBeforeTheHeadersAbortsTheUpstreamRequest() throws Exception {
        final PieceSubscriber subscriber = subscribe("/silent/v1", KEY);
        silentReceived.get(10, TimeUnit.SECONDS);

        subscriber.cancel();

        assertThat(silentCancelled.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aStallAfterTheFirstPieceTimesOut() {
        final PieceSubscriber subscriber = new PieceSubscriber();
        new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("/stall/v1"), KEY)
                                         .withResponseTimeout(Duration.ofMillis(500)))
                .stream(request(), Attempt.unlimited()).subscribe(subscriber);

        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("Hel");
        subscriber.requestAll();
        final Throwable end = subscriber.awaitEnd();
        assertThat(end).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) end).kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(((ProviderException) end).retryable()).isTrue();
    }

    @Test
    void aStreamMayLastLongerThanTheTimeoutWhileDataKeepsComing() {
        // 8 pieces 0.4 s apart take 3.2 s, more than the 1.5 s timeout, which only counts the gaps.
        final PieceSubscriber subscriber = new PieceSubscriber();
        new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("/trickle/v1"), KEY)
                                         .withResponseTimeout(Duration.ofMillis(1500)))
                .stream(request(), Attempt.unlimited()).subscribe(subscriber);

        subscriber.requestAll();
        assertThat(subscriber.awaitEnd()).as("a normal end").isNull();
        assertThat(subscriber.waiting()).isEqualTo(TRICKLE_PIECES);
    }

    private static PieceSubscriber subscribe(String root, String key) {
        final PieceSubscriber subscriber = new PieceSubscriber();
        new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri(root), key)).stream(request(), Attempt.unlimited())
                                                                                 .subscribe(subscriber);
        return subscriber;
    }

    private static HttpResponseWriter startStream(ServiceRequestContext ctx) {
        ctx.clearRequestTimeout(); // Only the client may end these streams.
        final HttpResponseWriter res = HttpResponse.streaming();
        res.write(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE, MediaType.EVENT_STREAM));
        return res;
    }

    private static String chunk(String content) {
        return "data: {\"id\":\"chatcmpl-flow\",\"object\":\"completion.chunk\",\"created\":1,"
               + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},"
               + "\"finish_reason\":null}]}\n\n";
    }

    private static ChatRequest request() {
        return ChatRequest.newBuilder().setModel("gpt-4o").addMessages(user("Hi")).build();
    }
}
