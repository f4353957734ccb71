package dev.llmg.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;

/**
 * Streams a chat completion as a GraphQL subscription ({@code chatCompletionStream}) over the
 * {@code graphql-transport-ws} protocol: a few sockets, opened and acknowledged before the run, each carrying many
 * subscriptions side by side, as a browser's client does; each {@code next} message is a chunk, and the
 * subscription's {@code complete} ends the request.
 */
final class GraphQlSocketTarget implements Target {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SOCKETS = 8;

    private final String subscribe;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();

    /** Opens the sockets to {@code uri} (ws://host:port) with {@code headers}; {@code query} subscribes to one stream. */
    GraphQlSocketTarget(String uri, Map<String, String> headers, String query, JsonNode variables) {
        subscribe = "{\"type\":\"subscribe\",\"id\":\"%s\",\"payload\":" + JSON.createObjectNode()
                .put("query", query).set("variables", variables) + '}';
        final HttpHeadersBuilder extra = HttpHeaders.builder();
        headers.forEach(extra::add);
        extra.add(HttpHeaderNames.ORIGIN, uri.replace("ws://", "http://"));
        final WebSocketClient client = WebSocketClient.builder(uri).subprotocols("graphql-transport-ws")
                                                      .autoFillOriginHeader(false).build();
        for (int i = 0; i < SOCKETS; i++) {
            sockets.add(new Socket(client.connect("/graphql", extra.build()).join()));
        }
        sockets.forEach(Socket::awaitAck);
    }

    @Override
    public CompletableFuture<Void> send(long intendedNanos, Measurements sink) {
        final Socket socket = sockets.get(Math.floorMod(next.getAndIncrement(), sockets.size()));
        return socket.subscribe(Long.toString(ids.incrementAndGet()), intendedNanos, sink);
    }

    @Override
    public void close() {
        sockets.forEach(Socket::close);
    }

    /** One socket and the subscriptions in flight on it. */
    private final class Socket implements Subscriber<WebSocketFrame> {
        private final WebSocketWriter out;
        private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        private final Map<String, Stream> streams = new ConcurrentHashMap<>();

        Socket(WebSocketSession session) {
            out = session.outbound();
            session.inbound().subscribe(this);
            out.write("{\"type\":\"connection_init\",\"payload\":{}}");
        }

        void awaitAck() {
            acknowledged.join();
        }

        CompletableFuture<Void> subscribe(String id, long intendedNanos, Measurements sink) {
            final Stream stream = new Stream(intendedNanos, sink);
            streams.put(id, stream);
            if (!out.tryWrite(String.format(subscribe, id))) {
                streams.remove(id);
                sink.error();
                stream.done.complete(null);
            }
            return stream.done;
        }

        void close() {
            out.close();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(WebSocketFrame frame) {
            if (frame.type() != WebSocketFrameType.TEXT) {
                return;
            }
            final JsonNode message;
            try {
                message = JSON.readTree(frame.text());
            } catch (Exception e) {
                return;
            }
            final String type = message.path("type").asText();
            if ("connection_ack".equals(type)) {
                acknowledged.complete(null);
                return;
            }
            if ("ping".equals(type)) {
                out.tryWrite("{\"type\":\"pong\"}");
                return;
            }
            final Stream stream = streams.get(message.path("id").asText());
            if (stream == null) {
                return;
            }
            switch (type) {
                case "next":
                    if (message.path("payload").has("errors")) {
                        stream.failed = true;
                    } else {
                        stream.chunks.arrived();
                    }
                    break;
                case "error":
                    streams.remove(message.path("id").asText());
                    stream.end(false);
                    break;
                case "complete":
                    streams.remove(message.path("id").asText());
                    stream.end(true);
                    break;
                default:
                    break;
            }
        }

        @Override
        public void onError(Throwable cause) {
            acknowledged.completeExceptionally(cause);
            endAll();
        }

        @Override
        public void onComplete() {
            acknowledged.completeExceptionally(new IllegalStateException("the socket closed"));
            endAll();
        }

        private void endAll() {
            streams.values().forEach(stream -> stream.end(false));
            streams.clear();
        }
    }

    /** One subscription: its chunks timed as they arrive, its outcome recorded once. */
    private static final class Stream {
        final long intendedNanos;
        final Measurements sink;
        final Measurements.ChunkClock chunks;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean failed;

        Stream(long intendedNanos, Measurements sink) {
            this.intendedNanos = intendedNanos;
            this.sink = sink;
            chunks = sink.chunkClock(intendedNanos);
        }

        void end(boolean completed) {
            if (done.isDone()) {
                return;
            }
            if (completed && !failed) {
                sink.success(intendedNanos);
            } else {
                sink.error();
            }
            done.complete(null);
        }
    }
}
