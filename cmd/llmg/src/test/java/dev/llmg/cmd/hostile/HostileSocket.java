package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;

/**
 * A client of the chat WebSocket that can send what well-behaved clients never do (text frames that are not
 * UTF-8, binary frames, huge messages) and hands over what came back, message by message, including the
 * close frame and the end of the connection.
 */
final class HostileSocket implements Subscriber<WebSocketFrame> {

    static final String PATH = "/api/v1/ws";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What arrived: a JSON message, text that is no JSON, a close frame, or the end of the connection. */
    record Incoming(JsonNode json, String text, CloseWebSocketFrame close, boolean ended) {}

    private final WebSocketWriter out;
    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    private HostileSocket(WebSocketSession session) {
        out = session.outbound();
        session.inbound().subscribe(this);
    }

    /**
     * Connects over HTTP/1.1, as browsers do, with the Origin Armeria fills in (the gateway's own, which it
     * allows), accepting frames of up to 16 MiB, so that an answer that echoes a huge input arrives and is
     * judged rather than breaking the client. (With the {@code http} scheme, Armeria's client may try the
     * upgrade on a pooled HTTP/2 connection and get 405.)
     */
    static HostileSocket connect(URI gateway) {
        return new HostileSocket(WebSocketClient.builder("h1c://" + gateway.getAuthority())
                                                .maxFramePayloadLength(16 << 20).build().connect(PATH).join());
    }

    /** Sends one text frame. */
    void send(String text) {
        out.tryWrite(WebSocketFrame.ofText(text));
    }

    /** Sends one text frame of raw bytes, UTF-8 or not. */
    void sendTextBytes(byte[] bytes) {
        out.tryWrite(WebSocketFrame.ofText(bytes));
    }

    /** Sends one binary frame. */
    void sendBinary(byte[] bytes) {
        out.tryWrite(WebSocketFrame.ofBinary(bytes));
    }

    /** Returns the next thing that arrives within {@code millis}, or null. */
    Incoming next(long millis) {
        try {
            return incoming.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Returns whether the connection has ended. */
    boolean ended() {
        return ended;
    }

    /** Closes the socket. */
    void close() {
        out.close();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(WebSocketFrame frame) {
        if (frame.type() == WebSocketFrameType.TEXT) {
            final String text = frame.text();
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (Exception e) {
                json = null;
            }
            incoming.add(new Incoming(json, text, null, false));
        } else if (frame.type() == WebSocketFrameType.CLOSE) {
            incoming.add(new Incoming(null, "", (CloseWebSocketFrame) frame, false));
        }
    }

    @Override
    public void onError(Throwable cause) {
        ended = true;
        incoming.add(new Incoming(null, String.valueOf(cause), null, true));
    }

    @Override
    public void onComplete() {
        ended = true;
        incoming.add(new Incoming(null, "", null, true));
    }
}
