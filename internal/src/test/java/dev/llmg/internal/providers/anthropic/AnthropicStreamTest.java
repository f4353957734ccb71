package dev.llmg.internal.providers.anthropic;

import static dev.llmg.internal.providers.anthropic.AnthropicCompleteTest.usage;
import static dev.llmg.internal.providers.anthropic.AnthropicCompleteTest.weather;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.http.UpstreamTimeouts;
import dev.llmg.internal.providers.replay.PieceSubscriber;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Streams canonical requests through {@link AnthropicProvider#stream} against replayed recordings, sent in
 * small chunks that split events, and checks the body sent, the pieces in order (tool-call arguments as
 * they arrive), finish reasons and usage, and errors before and during the stream.
 */
class AnthropicStreamTest {

    private static final String OVERLOADED_MID_STREAM =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\","
            + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n"
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

    /** Completes with how the held stream ended: null when it ended well, the cause when it was cut. */
    private static final CompletableFuture<Throwable> heldStreamEnded = new CompletableFuture<>();

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("anthropic", sb -> {
        sb.service("/silent/v1/messages", (ctx, req) -> HttpResponse.streaming()); // never even sends headers
        sb.service("/hold/v1/messages", (ctx, req) -> {
            final HttpResponseWriter stream = HttpResponse.streaming();
            stream.write(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build());
            stream.write(HttpData.ofUtf8(OVERLOADED_MID_STREAM.substring(0, OVERLOADED_MID_STREAM.indexOf("event: error"))));
            stream.whenComplete().handle((unused, cause) -> heldStreamEnded.complete(cause));
            ctx.whenRequestCancelled().thenAccept(heldStreamEnded::complete);
            return stream; // and never ends by itself
        });
        sb.service("/overloaded/v1/messages", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build(),
                HttpData.ofUtf8(OVERLOADED_MID_STREAM)));
        sb.service("/retry-after/v1/messages", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.TOO_MANY_REQUESTS).contentType(MediaType.JSON)
                               .add("retry-after", "30").add("request-id", "req_limited").build(),
                HttpData.ofUtf8("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
                                + "\"message\":\"Number of requests has exceeded your rate limit\"}}")));
    });

    @Test
    void streamsText() {
        final StreamedAnswer answer = stream("anthropic", "messages-streaming", ChatRequest.newBuilder()
                .setModel("claude-3-opus-20240229").addMessages(user("Count from 1 to 5"))
                .setMaxTokens(100).setTemperature(0));

        assertSentAsRecorded("messages-streaming");
        assertThat(answer.pieces.get(0).getChoicesList()).containsExactly(ChoiceDelta.newBuilder()
                .setDelta(Delta.newBuilder().setRole(Role.ROLE_ASSISTANT)).build());
        assertThat(answer.pieces).allSatisfy(piece -> {
            assertThat(piece.getId()).isEqualTo("msg_01Ju7oPaDmjgrhWq8gNP4AUj");
            assertThat(piece.getModel()).isEqualTo("claude-3-opus-20240229");
        });
        assertThat(answer.role).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(answer.content).hasToString("1\n2\n3\n4\n5");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.last().getUsage()).isEqualTo(usage(15, 13, 0, 0));
        assertThat(answer.pieces.subList(0, answer.pieces.size() - 1)).noneMatch(StreamChatCompletionResponse::hasUsage);
    }

    @Test
    void haiku45WithTextBlockContent() {
        final StreamedAnswer answer = stream("anthropic", "messages-streaming-haiku45", ChatRequest.newBuilder()
                .setModel("claude-haiku-4-5-20251001").addMessages(user(text("Count from 1 to 3"))).setMaxTokens(64000));

        assertSentAsRecorded("messages-streaming-haiku45");
        assertThat(answer.content).hasToString("1\n2\n3");
        assertThat(answer.usage).isEqualTo(usage(15, 9, 0, 0));
    }

    @Test
    void toolUseArgumentsStreamAsFragmentsInOrderThenTheAnswer() {
        final StreamedAnswer first = stream("anthropic", "messages-tool-use-streaming-0", weather());

        assertSentAsRecorded("messages-tool-use-streaming-0");
        assertThat(first.content).hasToString("I'll get the weather information for Florence, Italy for you.");
        final List<ToolCallDelta> fragments = first.pieces.stream()
                .flatMap(piece -> piece.getChoicesList().stream())
                .flatMap(choice -> choice.getDelta().getToolCallsList().stream()).toList();
        assertThat(fragments).containsExactly(
                ToolCallDelta.newBuilder().setId("toolu_01N2eM4V43kGCDkq2Lw7ChWQ").setName("weather").build(),
                ToolCallDelta.newBuilder().setArguments("{\"locati").build(),
                ToolCallDelta.newBuilder().setArguments("on\":").build(),
                ToolCallDelta.newBuilder().setArguments(" \"Fl").build(),
                ToolCallDelta.newBuilder().setArguments("orence,It").build(),
                ToolCallDelta.newBuilder().setArguments("aly\"}").build());
        assertThat(first.toolCalls()).containsExactly(
                call("toolu_01N2eM4V43kGCDkq2Lw7ChWQ", "weather", "{\"location\": \"Florence,Italy\"}"));
        assertThat(first.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(first.usage).isEqualTo(usage(394, 67, 0, 0));

        final StreamedAnswer second = stream("anthropic", "messages-tool-use-streaming-1", weather()
                .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                        .addContent(text(first.content.toString())).addAllToolCalls(first.toolCalls()))
                .addMessages(toolResult("toolu_01N2eM4V43kGCDkq2Lw7ChWQ", "40 C")));
        assertSentAsRecorded("messages-tool-use-streaming-1");
        assertThat(second.content.toString()).startsWith("The current weather in Florence, Italy shows");
        assertThat(second.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
    }

    @Test
    void cacheUsageFromMessageStartIsKept() {
        final StreamedAnswer answer = stream("edge-cases", "anthropic-stream-cache-usage", anyRequest());

        assertThat(answer.content).hasToString("Hello from Claude!");
        assertThat(answer.usage).isEqualTo(usage(350, 30, 200, 100));
    }

    @Test
    void messageStopWithEmptyDataAndNoStopSequence() {
        final StreamedAnswer answer = stream("edge-cases", "anthropic-stream-message-stop-empty-data", anyRequest());

        assertThat(answer.content).hasToString("Hello");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage).isEqualTo(usage(10, 5, 0, 0));
    }

    @Test
    void aToolCallWithoutInputFragmentsHasEmptyObjectArguments() {
        final StreamedAnswer answer = stream("edge-cases", "anthropic-stream-tool-use-no-input", anyRequest());

        assertThat(answer.toolCalls()).containsExactly(call("toolu_1", "get_weather", "{}"));
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
    }

    @Test
    void aNotFoundBeforeTheStreamIsAProviderError() {
        final Throwable failure = failure(server.baseUri("anthropic", "error-404-model-not-found-streaming"));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
            assertThat(e.getMessage()).contains("this-model-does-not-exist-12345");
        });
    }

    @Test
    void anErrorEventMidStreamFailsTheStreamAsRetryable() {
        final Throwable failure = failure(server.baseUri("/overloaded/v1"));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.reason()).isEqualTo("overloaded_error");
            assertThat(e.getMessage()).isEqualTo("Overloaded");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void retryAfterIsKept() {
        final Throwable failure = failure(server.baseUri("/retry-after/v1"));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(e.providerRequestId()).isEqualTo("req_limited");
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void cancellingTheStreamClosesTheUpstreamCall() throws Exception {
        final PieceSubscriber subscriber = new PieceSubscriber();
        AnthropicWire.provider(server.baseUri("/hold/v1")).stream(anyRequest().build(), Attempt.unlimited()).subscribe(subscriber);

        assertThat(subscriber.next().getChoices(0).getDelta().getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        subscriber.cancel();
        assertThat(heldStreamEnded.get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    @Test
    void firstByteAndTotalTimeoutsFailTheStreamAsTimeouts() {
        final AnthropicSettings settings = AnthropicSettings.of("anthropic", server.baseUri("/silent/v1"), AnthropicWire.KEY);
        final Throwable silent = failure(new AnthropicProvider(settings, ClientFactory.ofDefault(),
                new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ZERO)));
        assertThat(silent).isInstanceOfSatisfying(ProviderException.class,
                                                  e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));

        final AnthropicSettings held = AnthropicSettings.of("anthropic", server.baseUri("/hold/v1"), AnthropicWire.KEY);
        final Throwable tooLong = failure(new AnthropicProvider(held, ClientFactory.ofDefault(),
                new UpstreamTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(500))));
        assertThat(tooLong).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void settingsNeverPrintTheKey() {
        assertThat(AnthropicSettings.of("a", server.baseUri("/x"), AnthropicWire.KEY).toString())
                .doesNotContain(AnthropicWire.KEY).contains("<redacted>");
    }

    private static Throwable failure(java.net.URI baseUri) {
        return failure(AnthropicWire.provider(baseUri));
    }

    private static Throwable failure(AnthropicProvider provider) {
        try {
            provider.stream(anyRequest().build(), Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the stream did not fail");
    }

    private static void assertSentAsRecorded(String fixture) {
        AnthropicCompleteTest.assertSentAsRecordedFrom(server.takeRequest("anthropic", fixture).json(), fixture);
    }

    private static ChatRequest.Builder anyRequest() {
        return ChatRequest.newBuilder().setModel("claude").addMessages(user("hi"));
    }

    private static StreamedAnswer stream(String folder, String fixture, ChatRequest.Builder request) {
        try {
            return new StreamedAnswer(AnthropicWire.provider(server.baseUri(folder, fixture)).stream(request.build(), Attempt.unlimited())
                                                   .collect().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("streaming " + fixture + " failed", e);
        }
    }
}
