package dev.llmg.internal.api.ws;

import static dev.llmg.internal.api.streaming.TestSource.piece;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;
import com.linecorp.armeria.common.stream.DefaultStreamMessage;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.websocket.WebSocketProtocolViolationException;

import dev.llmg.internal.api.streaming.ManualReader;
import dev.llmg.internal.api.streaming.TestSource;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.spi.GatewayException;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * One chat WebSocket with in-memory frames and streams, every signal synchronous: several streams at
 * once, cancellation, closing, bad messages, and exact counts of what a slow reader lets the providers make.
 */
class ChatSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}";

    private final List<TestSource> providers = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final DefaultStreamMessage<WebSocketFrame> in = new DefaultStreamMessage<>();
    private final WebSocketWriter out = WebSocket.streaming();
    private final ManualReader<WebSocketFrame> client = new ManualReader<>();

    private void open(int maxStreams, boolean clientReads) {
        final ChatSocket socket = new ChatSocket("sock", ImmediateEventExecutor.INSTANCE, out, (request, call) -> {
            calls.add(call);
            if (request.getMessages(0).getContent(0).getText().equals("fail")) {
                return StreamMessage.aborted(GatewayException.invalidArgument("model", "no such model"));
            }
            final TestSource provider = new TestSource();
            providers.add(provider);
            return provider;
        }, TestCalls::of, maxStreams);
        in.subscribe(socket, ImmediateEventExecutor.INSTANCE);
        out.subscribe(client, ImmediateEventExecutor.INSTANCE);
        if (clientReads) {
            client.request(Long.MAX_VALUE);
        }
    }

    private void send(String text) {
        in.write(WebSocketFrame.ofText(text));
    }

    private static String request(String id) {
        return "{\"type\":\"chat.request\",\"id\":\"" + id + "\",\"chat\":" + CHAT + '}';
    }

    private List<JsonNode> messages() {
        return client.received().stream().filter(frame -> frame.type() == WebSocketFrameType.TEXT)
                     .map(frame -> {
                         try {
                             return JSON.readTree(frame.text());
                         } catch (Exception e) {
                             throw new AssertionError(e);
                         }
                     }).collect(Collectors.toList());
    }

    private List<String> summary() {
        return messages().stream().map(m -> m.path("type").asText() + ' ' + m.path("id").asText()
                                            + (m.has("chunk") ? ' ' + m.at("/chunk/choices/0/delta/content").asText() : "")
                                            + (m.has("error") ? ' ' + m.at("/error/grpc-code").asText() : ""))
                         .collect(Collectors.toList());
    }

    @Test
    void runsStreamsSideBySideEachTaggedWithItsId() {
        open(16, true);
        send(request("a"));
        send(request("b"));
        assertThat(providers).hasSize(2);
        providers.get(0).write(piece("a1"));
        providers.get(1).write(piece("b1"));
        providers.get(0).write(piece("a2"));
        providers.get(1).close();
        providers.get(0).close();

        assertThat(summary()).containsExactly("chat.chunk a a1", "chat.chunk b b1", "chat.chunk a a2",
                                              "chat.done b", "chat.done a");
        assertThat(calls).extracting(Call::requestId).containsExactly("sock-1", "sock-2");
    }

    @Test
    void aCancelStopsThatStreamsProviderAndTheOtherGoesOn() {
        open(16, true);
        send(request("a"));
        send(request("b"));
        providers.get(0).write(piece("a1"));

        send("{\"type\":\"chat.cancel\",\"id\":\"a\"}");
        providers.get(1).write(piece("b1"));
        providers.get(1).close();

        assertThat(providers.get(0).whenComplete().handle((unused, cause) -> cause).join())
                .isInstanceOf(CancelledSubscriptionException.class);
        assertThat(summary()).containsExactly("chat.chunk a a1", "chat.error a CANCELLED", "chat.chunk b b1",
                                              "chat.done b");
        assertThat(messages().get(1).at("/error/code").asInt()).isEqualTo(1);
    }

    @Test
    void cancellingAnIdNotInFlightDoesNothing() {
        open(16, true);
        send("{\"type\":\"chat.cancel\",\"id\":\"nobody\"}");
        send("{\"type\":\"ping\"}");
        assertThat(summary()).containsExactly("pong ");
    }

    @Test
    void anIdInFlightIsRefusedWithoutEndingTheStreamThatHasIt() {
        open(16, true);
        send(request("a"));
        send(request("a"));
        providers.get(0).write(piece("a1"));
        providers.get(0).close();

        assertThat(providers).hasSize(1);
        assertThat(summary()).containsExactly("error a INVALID_ARGUMENT", "chat.chunk a a1", "chat.done a");
        send(request("a"));
        assertThat(providers).as("an id is free again once its stream ended").hasSize(2);
    }

    @Test
    void aStreamThatFailsAtOnceEndsWithChatErrorAndFreesItsId() {
        open(16, true);
        send(request("a").replace("\"hi\"", "\"fail\""));
        send(request("a"));
        assertThat(summary()).containsExactly("chat.error a INVALID_ARGUMENT");
        assertThat(providers).hasSize(1);
    }

    @Test
    void closingTheConnectionCancelsEveryStream() {
        open(16, true);
        send(request("a"));
        send(request("b"));

        client.cancel(); // the connection is gone: Armeria's subscriber of the outbound cancels

        assertThat(providers).allSatisfy(provider -> assertThat(provider.whenComplete()).isCompletedExceptionally());
    }

    @Test
    void aCloseFrameIsAnsweredAndCancelsEveryStream() {
        open(16, true);
        send(request("a"));
        in.write(WebSocketFrame.ofClose(WebSocketCloseStatus.NORMAL_CLOSURE));

        assertThat(providers.get(0).whenComplete()).isCompletedExceptionally();
        assertThat(client.received()).last().satisfies(frame -> assertThat(frame.type())
                .isEqualTo(WebSocketFrameType.CLOSE));
        assertThat(client.completed()).isTrue();
    }

    @Test
    void aCloseFrameWithoutAStatusIsANormalClose() {
        open(16, true);
        send(request("a"));
        // What Armeria's decoder makes of the empty close frame browsers send from close().
        in.abort(new WebSocketProtocolViolationException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA,
                                                         "Invalid close frame body"));

        assertThat(providers.get(0).whenComplete()).isCompletedExceptionally();
        assertThat(client.received()).last().satisfies(frame -> assertThat(((CloseWebSocketFrame) frame).status())
                .isEqualTo(WebSocketCloseStatus.NORMAL_CLOSURE));
    }

    @Test
    void aReaderThatStopsReadingHoldsBackEveryProvider() {
        open(16, false);
        send(request("a"));
        send(request("b"));
        for (int i = 0; i < 50; i++) {
            providers.get(0).write(piece("a" + i)); // providers that ignore demand, to count what is pulled
            providers.get(1).write(piece("b" + i));
        }
        assertThat(providers).extracting(TestSource::requested).as("one piece each, not yet read")
                             .containsExactly(1L, 1L);

        client.request(1);
        assertThat(providers).extracting(TestSource::requested).containsExactly(2L, 1L);
        client.request(1);
        assertThat(providers).extracting(TestSource::requested).containsExactly(2L, 2L);
        assertThat(summary()).containsExactly("chat.chunk a a0", "chat.chunk b b0");
    }

    @Test
    void aClientThatSendsWithoutReadingIsReadNoFurtherThanItsUnreadAnswers() {
        open(16, false);
        send("{\"type\":\"ping\"}");
        send("{\"type\":\"ping\",\"id\":\"second\"}");
        assertThat(in.demand()).as("the second ping waits until the first pong is read").isZero();

        client.request(1);
        assertThat(summary()).containsExactly("pong ");
        client.request(1);
        assertThat(summary()).containsExactly("pong ", "pong second");
    }

    @Test
    void badMessagesGetAnErrorAndTheSocketStaysOpen() {
        open(16, true);
        send("not json");
        send("[1]");
        send("{\"id\":\"x\"}");
        send("{\"type\":\"chat.complete\",\"id\":\"x\"}");
        send("{\"type\":\"chat.request\",\"id\":7}");
        send("{\"type\":\"chat.request\",\"chat\":" + CHAT + '}');
        send("{\"type\":\"chat.request\",\"id\":\"" + "i".repeat(129) + "\",\"chat\":" + CHAT + '}');
        in.write(WebSocketFrame.ofBinary(new byte[] { 1, 2 }));
        send("{\"type\":\"chat.request\",\"id\":\"c\"}");
        send("{\"type\":\"chat.request\",\"id\":\"d\",\"chat\":{\"messages\":\"hi\"}}");
        send("{\"type\":\"ping\"}");

        assertThat(summary()).containsExactly(
                "error  INVALID_ARGUMENT", "error  INVALID_ARGUMENT", "error x INVALID_ARGUMENT",
                "error x INVALID_ARGUMENT", "error  INVALID_ARGUMENT", "error  INVALID_ARGUMENT",
                "error  INVALID_ARGUMENT", "error  INVALID_ARGUMENT", "chat.error c INVALID_ARGUMENT",
                "chat.error d INVALID_ARGUMENT", "pong ");
        assertThat(messages().get(0).at("/error/message").asText()).contains("not valid JSON");
        assertThat(messages().get(3).at("/error/message").asText()).contains("unknown type 'chat.complete'");
        assertThat(messages().get(9).at("/error/message").asText()).contains("chat does not fit the chat request");
        assertThat(providers).isEmpty();
    }

    @Test
    void streamsBeyondTheLimitPerSocketAreRefused() {
        open(1, true);
        send(request("a"));
        send(request("b"));
        assertThat(summary()).containsExactly("chat.error b RESOURCE_EXHAUSTED");
        assertThat(messages().get(0).at("/error/message").asText()).contains("max_streams_per_socket");
    }

    @Test
    void aWebSocketPingIsAnsweredWithAPongOfTheSamePayload() {
        open(16, true);
        in.write(WebSocketFrame.ofPing("are you there".getBytes(StandardCharsets.UTF_8)));
        assertThat(client.received()).singleElement().satisfies(frame -> {
            assertThat(frame.type()).isEqualTo(WebSocketFrameType.PONG);
            assertThat(frame.text()).isEqualTo("are you there");
        });
    }
}
