package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.BERLIN_WEATHER;
import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.assertSentAsRecordedFrom;
import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.usage;
import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.weather;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Streams canonical requests through {@link GeminiProvider#stream} against replayed recordings, sent in small
 * chunks that split events, and checks the body sent, the pieces, finish reasons, usage reported once, and
 * errors before and during the stream.
 */
class GeminiStreamTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("gemini", sb -> sb.service(
            "/broken/v1beta/models/gemini-2.5-flash:streamGenerateContent", (ctx, req) -> HttpResponse.of(
                    ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build(),
                    HttpData.ofUtf8("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],"
                                    + "\"role\":\"model\"},\"index\":0}]}\r\n\r\n"
                                    + "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
                                    + "\"status\":\"UNAVAILABLE\"}}\r\n\r\n"))));

    @Test
    void streamsTextWithUsageOnce() {
        final StreamedAnswer answer = stream("stream-text", ChatRequest.newBuilder().setModel("gemini-2.5-flash")
                                                                      .addMessages(user("Count from 1 to 3")));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("gemini", "stream-text");
        assertSentAsRecordedFrom(sent.json(), "stream-text");
        assertThat(sent.headers().path()).isEqualTo(
                "/replay/gemini/stream-text/v1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(sent.headers().get("x-goog-api-key")).isEqualTo(GeminiWire.KEY);
        assertThat(answer.role).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(answer.content).hasToString("1, 2, 3");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage).isEqualTo(usage(8, 7 + 20, 35, 0, 20));
        assertThat(answer.pieces).allSatisfy(piece -> {
            assertThat(piece.getId()).isEqualTo("6r6FarDODNmynsEP8cLCoQk");
            assertThat(piece.getModel()).isEqualTo("gemini-2.5-flash");
        });
    }

    @Test
    void maxTokensIsALengthStop() {
        final StreamedAnswer answer = stream("stream-max-tokens", ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash").addMessages(user("List all U.S. states.")).setMaxTokens(50));

        assertSentAsRecorded("stream-max-tokens");
        assertThat(answer.content).hasToString("Here are all 50 U.S.");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(answer.usage).isEqualTo(usage(9, 10 + 38, 57, 0, 38));
    }

    @Test
    void aFunctionCallArrivesWholeThenTheAnswerAcrossTwoEvents() {
        final StreamedAnswer first = stream("stream-tool-call-0", weather());

        assertSentAsRecorded("stream-tool-call-0");
        final var fragments = first.pieces.stream().flatMap(piece -> piece.getChoicesList().stream())
                                          .flatMap(choice -> choice.getDelta().getToolCallsList().stream()).toList();
        assertThat(fragments).hasSize(1);
        assertThat(fragments.get(0).getSignature()).as("the call's thoughtSignature").startsWith("CiQBEU0y");
        assertThat(fragments.get(0).toBuilder().clearSignature().build()).isEqualTo(ToolCallDelta.newBuilder()
                .setIndex(0).setId("call_0").setName("weather")
                .setArguments("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}").build());
        assertThat(first.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(first.usage).isEqualTo(usage(103, 30 + 43, 176, 0, 43));

        final StreamedAnswer second = stream("stream-tool-call-1", weather()
                .addMessages(Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                    // The thought signature that streamed with the call goes back with it.
                                    .addToolCalls(call("call_0", "weather",
                                                       "{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}")
                                            .toBuilder().setSignature(fragments.get(0).getSignature())))
                .addMessages(toolResult("call_0", BERLIN_WEATHER)));
        assertSentAsRecorded("stream-tool-call-1");
        assertThat(second.content).hasToString("The weather in Berlin is 15°C with a wind of 10 km/h.");
        assertThat(second.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(second.pieces).filteredOn(StreamChatCompletionResponse::hasUsage).hasSize(1);
        assertThat(second.usage).isEqualTo(usage(233, 21, 254, 0, 0));
    }

    @Test
    void errorsBeforeAndDuringTheStream() {
        final Throwable badKey = failure(GeminiWire.provider(server.baseUri("gemini", "error-400-api-key-invalid")));
        assertThat(badKey).isInstanceOf(ProviderException.class);
        assertThat(((ProviderException) badKey).kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(badKey.getMessage()).doesNotContain(GeminiWire.KEY);

        final Throwable midStream = failure(GeminiWire.provider(server.baseUri("/broken")));
        assertThat(midStream).isInstanceOf(ProviderException.class).hasMessageContaining("The model is overloaded.");
        assertThat(((ProviderException) midStream).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(((ProviderException) midStream).reason()).isEqualTo("UNAVAILABLE");
        assertThat(((ProviderException) midStream).midStream()).as("an error event after the 200").isTrue();
        assertThat(((ProviderException) badKey).midStream()).isFalse();
    }

    private static Throwable failure(GeminiProvider provider) {
        try {
            provider.stream(ChatRequest.newBuilder().setModel("gemini-2.5-flash").addMessages(user("Hello")).build(),
                            Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the stream did not fail");
    }

    private static void assertSentAsRecorded(String fixture) {
        assertSentAsRecordedFrom(server.takeRequest("gemini", fixture).json(), fixture);
    }

    private static StreamedAnswer stream(String fixture, ChatRequest.Builder request) {
        try {
            return new StreamedAnswer(GeminiWire.provider(server.baseUri("gemini", fixture))
                                                .stream(request.build(), Attempt.unlimited())
                                                .collect().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("streaming " + fixture + " failed", e);
        }
    }
}
