package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;

import dev.llmg.api.gateway.v1.ChatRequest;

/**
 * A client of the chat WebSocket at {@code /api/v1/ws} for tests: sends JSON messages, hands over the
 * gateway's messages one by one, and reads from the connection only while the test allows, so it can play
 * a slow reader.
 */
final class WsClient implements Subscriber<WebSocketFrame> {

    static final String PATH = "/api/v1/ws";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode END = JSON.createObjectNode().put("type", "(socket closed)");

    private final WebSocketWriter out;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<WebSocketFrame> controlFrames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    private volatile Subscription subscription;
    private volatile long allowed = Long.MAX_VALUE;
    private long seen;

    private WsClient(WebSocketSession session) {
        out = session.outbound();
        session.inbound().subscribe(this);
    }

    /** Connects with the Origin Armeria fills in (the gateway's own, http://127.0.0.1:port). */
    static WsClient connect(URI gateway) {
        return new WsClient(WebSocketClient.of(gateway).connect(PATH).join());
    }

    /** Starts connecting to {@code path} with the given Origin, or with none when it is null. */
    static CompletableFuture<WebSocketSession> handshake(URI gateway, String path, String origin) {
        final WebSocketClient client = WebSocketClient.builder(gateway).autoFillOriginHeader(origin != null).build();
        return client.connect(path, origin == null ? HttpHeaders.of() : HttpHeaders.of(HttpHeaderNames.ORIGIN, origin));
    }

    /** Wraps a session that {@link #handshake} opened. */
    static WsClient of(WebSocketSession session) {
        return new WsClient(session);
    }

    /** Sends one text frame. */
    void send(String text) {
        out.write(text);
    }

    /** Sends {@code chat.request} for {@code chat} with the given id. */
    void request(String id, ChatRequest chat) {
        try {
            send("{\"type\":\"chat.request\",\"id\":\"" + id + "\",\"chat\":" + JsonFormat.printer().print(chat) + '}');
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Sends {@code chat.cancel} for the id. */
    void cancel(String id) {
        send("{\"type\":\"chat.cancel\",\"id\":\"" + id + "\"}");
    }

    /** Reads no further than {@code count} text messages in all, as a client that stops reading. */
    WsClient readAtMost(long count) {
        allowed = count;
        return this;
    }

    /** Returns the next message from the gateway, failing if none comes within 10 s. */
    JsonNode next() {
        final JsonNode message = poll(messages);
        assertThat(message).as("a message before the socket closed").isNotSameAs(END);
        return message;
    }

    /** Sends one text frame and returns the next message from the gateway. */
    JsonNode next(String text) {
        send(text);
        return next();
    }

    /** Returns the messages of the stream {@code id} until its chat.done or chat.error, skipping others. */
    List<JsonNode> streamOf(String id, List<JsonNode> others) {
        final List<JsonNode> stream = new ArrayList<>();
        while (true) {
            final JsonNode message = next();
            if (!message.path("id").asText().equals(id)) {
                others.add(message);
                continue;
            }
            stream.add(message);
            final String type = message.path("type").asText();
            if (type.equals("chat.done") || type.equals("chat.error")) {
                return stream;
            }
        }
    }

    /**
     * Returns the messages of each stream in {@code ids}, read until every one of them ended with chat.done or
     * chat.error, whatever order their messages interleave in; messages of other ids are skipped.
     */
    Map<String, List<JsonNode>> streamsOf(Collection<String> ids) {
        final Map<String, List<JsonNode>> streams = new HashMap<>();
        final Set<String> open = new HashSet<>(ids);
        while (!open.isEmpty()) {
            final JsonNode message = next();
            final String id = message.path("id").asText();
            if (!ids.contains(id)) {
                continue;
            }
            streams.computeIfAbsent(id, unused -> new ArrayList<>()).add(message);
            final String type = message.path("type").asText();
            if (type.equals("chat.done") || type.equals("chat.error")) {
                open.remove(id);
            }
        }
        return streams;
    }

    /** Returns the next ping, pong or close frame. */
    WebSocketFrame nextControlFrame() {
        return poll(controlFrames);
    }

    /** Sends a WebSocket ping frame. */
    void ping(String payload) {
        out.write(WebSocketFrame.ofPing(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Completes when the gateway's side of the socket ended. */
    CompletableFuture<Throwable> closed() {
        return closed;
    }

    /** Closes the socket with a close frame. */
    void close() {
        out.close();
    }

    /** Drops the connection without a close frame, as a client that vanishes. */
    void drop() {
        subscription.cancel();
        out.abort();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public synchronized void onNext(WebSocketFrame frame) {
        if (frame.type() == WebSocketFrameType.TEXT) {
            try {
                messages.add(JSON.readTree(frame.text()));
            } catch (Exception e) {
                messages.add(JSON.createObjectNode().put("type", "(not JSON)").put("text", frame.text()));
            }
            seen++;
        } else {
            controlFrames.add(frame);
        }
        if (seen < allowed) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable cause) {
        messages.add(END);
        closed.complete(cause);
    }

    @Override
    public void onComplete() {
        messages.add(END);
        closed.complete(null);
    }

    private static <T> T poll(BlockingQueue<T> queue) {
        try {
            final T item = queue.poll(10, TimeUnit.SECONDS);
            assertThat(item).as("something within 10 s").isNotNull();
            return item;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
