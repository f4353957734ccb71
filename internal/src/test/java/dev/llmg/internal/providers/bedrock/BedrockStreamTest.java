package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.bedrock.BedrockCompleteTest.BERLIN_ARGUMENTS;
import static dev.llmg.internal.providers.bedrock.BedrockCompleteTest.NOVA;
import static dev.llmg.internal.providers.bedrock.BedrockCompleteTest.assertSentAsRecordedFrom;
import static dev.llmg.internal.providers.bedrock.BedrockCompleteTest.usage;
import static dev.llmg.internal.providers.bedrock.BedrockCompleteTest.weather;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.providers.replay.PieceSubscriber;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.internal.testing.EventStreamFrames;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Streams canonical requests through {@link BedrockProvider#stream} against the recorded ConverseStream body
 * (binary event-stream frames sent in small chunks that split them) and against frames written with the SDK's
 * encoder in the documented shape, and checks the body sent and its signature, the pieces (tool-call input
 * fragments joined in order), finish reasons, usage, errors before and during the stream, a corrupt frame, a
 * stream cut short,
 * and that pieces arrive as frames do and a cancel reaches the upstream.
 */
class BedrockStreamTest {

    static final ResponseHeaders EVENT_STREAM = ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.parse(EventStreamFrames.CONTENT_TYPE)).add("x-amzn-requestid", "req-stream").build();

    /** Two tool calls (one with its input in three fragments, one with none) after some reasoning. */
    static final byte[] TOOL_USE = new EventStreamFrames()
            .event("messageStart", "{\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"text\":\"The user wants the weather.\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"signature\":\"c2lnbmF0dXJl\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":0}")
            .event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":"
                                        + "\"tooluse_1\",\"name\":\"weather\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                                        + "\"{\\\"latitude\\\":\\\"52.\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                                        + "\"5200\\\",\\\"longitude\\\"\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                                        + "\":\\\"13.4050\\\"}\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":1}")
            .event("contentBlockStart", "{\"contentBlockIndex\":2,\"start\":{\"toolUse\":{\"toolUseId\":"
                                        + "\"tooluse_2\",\"name\":\"best_language_to_learn\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":2}")
            .event("messageStop", "{\"stopReason\":\"tool_use\"}")
            .event("metadata", "{\"usage\":{\"inputTokens\":5,\"outputTokens\":40,\"cacheReadInputTokens\":700,"
                               + "\"cacheWriteInputTokens\":0,\"totalTokens\":745},\"metrics\":{\"latencyMs\":9}}")
            .bytes();

    /** Redacted reasoning (its bytes in two deltas, the first padded), then signed reasoning, then the answer. */
    static final byte[] REDACTED = new EventStreamFrames()
            .event("messageStart", "{\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"redactedContent\":\"AAE=\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"redactedContent\":\"AgMEBQ==\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":0}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"reasoningContent\":"
                                        + "{\"text\":\"Short.\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"reasoningContent\":"
                                        + "{\"signature\":\"c2ln\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":1}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":2,\"delta\":{\"text\":\"Hi\"}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":2}")
            .event("messageStop", "{\"stopReason\":\"end_turn\"}")
            .event("metadata", "{\"usage\":{\"inputTokens\":5,\"outputTokens\":9,\"totalTokens\":14}}")
            .bytes();

    static final byte[] THROTTLED_MID_STREAM = new EventStreamFrames()
            .event("messageStart", "{\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}")
            .exception("throttlingException", "Too many tokens, please wait before trying again.")
            .bytes();

    /** Completes with how the held stream ended: null when it ended well, the cause when it was cut. */
    private static final CompletableFuture<Throwable> heldStreamEnded = new CompletableFuture<>();

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("bedrock", sb -> {
        sb.service("prefix:/tools/", (ctx, req) -> HttpResponse.of(EVENT_STREAM,
                StreamMessage.of(ReplayServer.chunks(TOOL_USE, 37))));
        sb.service("prefix:/redacted/", (ctx, req) -> HttpResponse.of(EVENT_STREAM,
                StreamMessage.of(ReplayServer.chunks(REDACTED, 29))));
        sb.service("prefix:/throttled/", (ctx, req) -> HttpResponse.of(EVENT_STREAM,
                StreamMessage.of(ReplayServer.chunks(THROTTLED_MID_STREAM, 37))));
        sb.service("prefix:/cut/", (ctx, req) -> HttpResponse.of(EVENT_STREAM, HttpData.wrap(
                Arrays.copyOf(TOOL_USE, TOOL_USE.length - 10)))); // the metadata frame cut short
        sb.service("prefix:/corrupt/", (ctx, req) -> {
            final byte[] bytes = THROTTLED_MID_STREAM.clone();
            bytes[bytes.length - 40] ^= 0x20; // inside the last frame's payload: its CRC no longer holds
            return HttpResponse.of(EVENT_STREAM, HttpData.wrap(bytes));
        });
        sb.service("prefix:/hold/", (ctx, req) -> {
            final HttpResponseWriter stream = HttpResponse.streaming();
            stream.write(EVENT_STREAM);
            stream.write(HttpData.wrap(new EventStreamFrames()
                    .event("messageStart", "{\"role\":\"assistant\"}")
                    .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}").bytes()));
            stream.whenComplete().handle((unused, cause) -> heldStreamEnded.complete(cause));
            return stream;
        });
    });

    @Test
    void streamsTheRecordedTextWithUsageAtTheEnd() {
        final StreamedAnswer answer = stream(server.baseUri("bedrock", "converse-stream-text"),
                ChatRequest.newBuilder().setModel(NOVA).addMessages(user("Count from 1 to 3")));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("bedrock", "converse-stream-text");
        assertSentAsRecordedFrom(sent.json(), "converse-stream-text");
        BedrockWire.assertSigned(sent);
        assertThat(sent.headers().path()).isEqualTo(
                "/replay/bedrock/converse-stream-text/v1/model/us.amazon.nova-2-lite-v1:0/converse-stream");
        assertThat(sent.headers().get("accept")).isEqualTo(EventStreamFrames.CONTENT_TYPE);
        assertThat(answer.role).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(answer.content).hasToString("Sure! Here is the count from 1 to 3:\n\n1  \n2  \n3");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage).isEqualTo(usage(53, 21, 0, 0));
        assertThat(answer.pieces).filteredOn(StreamChatCompletionResponse::hasUsage).hasSize(1);
        assertThat(answer.pieces).allSatisfy(piece -> {
            assertThat(piece.getId()).isEqualTo("e7ceb70b-b9e6-4c4f-9db4-bfb74d9492b5");
            assertThat(piece.getModel()).isEqualTo(NOVA);
        });
    }

    @Test
    void toolInputFragmentsAreJoinedAndACallWithoutInputGetsAnEmptyObject() {
        final StreamedAnswer answer = stream(server.baseUri("/tools"), weather(NOVA));

        assertThat(answer.toolCalls()).containsExactly(call("tooluse_1", "weather", BERLIN_ARGUMENTS),
                                                       call("tooluse_2", "best_language_to_learn", "{}"));
        assertThat(answer.reasoning).hasToString("The user wants the weather.");
        // The signed block whole, once, on the piece of its contentBlockStop (after its text, before the calls).
        final List<StreamChatCompletionResponse> signed = answer.pieces.stream().filter(piece ->
                piece.getChoicesCount() > 0 && piece.getChoices(0).getDelta().getReasoningBlocksCount() > 0)
                .collect(Collectors.toList());
        assertThat(signed).hasSize(1);
        assertThat(signed.get(0).getChoices(0).getDelta().getReasoningBlocksList()).containsExactly(ReasoningBlock
                .newBuilder().setText("The user wants the weather.").setSignature("c2lnbmF0dXJl").build());
        assertThat(answer.pieces.indexOf(signed.get(0))).isLessThan(answer.pieces.indexOf(answer.pieces.stream()
                .filter(piece -> piece.getChoicesCount() > 0
                                 && piece.getChoices(0).getDelta().getToolCallsCount() > 0)
                .findFirst().orElseThrow()));
        assertThat(answer.content).isEmpty();
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(answer.usage).isEqualTo(usage(5 + 700, 40, 700, 0));
        final long fragments = answer.pieces.stream().flatMap(piece -> piece.getChoicesList().stream())
                                            .mapToLong(choice -> choice.getDelta().getToolCallsCount()).sum();
        assertThat(fragments).as("a start and three fragments, a start and its {}").isEqualTo(6);
    }

    @Test
    void redactedAndSignedReasoningComeWholeInTheirOrder() {
        final StreamedAnswer answer = stream(server.baseUri("/redacted"), ChatRequest.newBuilder().setModel(NOVA)
                .addMessages(user("hi")));

        assertThat(answer.pieces.stream().flatMap(piece -> piece.getChoicesList().stream())
                                .flatMap(choice -> choice.getDelta().getReasoningBlocksList().stream()))
                .containsExactly(ReasoningBlock.newBuilder().setRedacted("AAECAwQF").build(),
                                 ReasoningBlock.newBuilder().setText("Short.").setSignature("c2ln").build());
        assertThat(answer.reasoning).hasToString("Short.");
        assertThat(answer.content).hasToString("Hi");
    }

    @Test
    void errorsBeforeAndDuringTheStream() {
        final Throwable badModel = failure(server.baseUri("bedrock", "error-400-invalid-model-stream"),
                ChatRequest.newBuilder().setModel("us.does-not-exist-model-v1:0").addMessages(user("hello")).build());
        assertSentAsRecordedFrom(server.takeRequest("bedrock", "error-400-invalid-model-stream").json(),
                                 "error-400-invalid-model-stream");
        assertThat(badModel).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("The provided model identifier is invalid.");
            assertThat(e.retryable()).isFalse();
        });

        final Throwable throttled = failure(server.baseUri("/throttled"), anyRequest());
        assertThat(throttled).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.reason()).isEqualTo("ThrottlingException");
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("Too many tokens");
            assertThat(e.providerRequestId()).isEqualTo("req-stream");
        });

        final Throwable cut = failure(server.baseUri("/cut"), anyRequest());
        assertThat(cut).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
            assertThat(e.getMessage()).contains("ended before its last event");
        });

        final Throwable corrupt = failure(server.baseUri("/corrupt"), anyRequest());
        assertThat(corrupt).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
            assertThat(e.getMessage()).contains("the event stream is corrupt");
        });
    }

    @Test
    void piecesArriveAsFramesDoAndCancellingClosesTheUpstreamCall() throws Exception {
        final PieceSubscriber subscriber = new PieceSubscriber();
        BedrockWire.provider(server.baseUri("/hold")).stream(anyRequest(), Attempt.unlimited()).subscribe(subscriber);

        assertThat(subscriber.next().getChoices(0).getDelta().getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(subscriber.waiting()).as("nothing is pushed beyond what was asked for").isZero();
        subscriber.request();
        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("Hel");
        subscriber.cancel();
        assertThat(heldStreamEnded.get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
    }

    private static ChatRequest anyRequest() {
        return ChatRequest.newBuilder().setModel(NOVA).addMessages(user("Hello")).build();
    }

    private static Throwable failure(java.net.URI baseUri, ChatRequest request) {
        try {
            BedrockWire.provider(baseUri).stream(request, Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the stream did not fail");
    }

    private static StreamedAnswer stream(java.net.URI baseUri, ChatRequest.Builder request) {
        try {
            return new StreamedAnswer(BedrockWire.provider(baseUri).stream(request.build(), Attempt.unlimited())
                                                 .collect().get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("streaming failed", e);
        }
    }
}
