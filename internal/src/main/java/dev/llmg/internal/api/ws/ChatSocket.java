package dev.llmg.internal.api.ws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.StreamTimeoutException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.websocket.WebSocketProtocolViolationException;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.api.streaming.ChatJson;
import dev.llmg.internal.api.streaming.PacedRelay;
import dev.llmg.internal.call.Call;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.netty.util.concurrent.EventExecutor;

/**
 * Serves one client's chat WebSocket: reads its messages, runs its streams side by side, and writes every
 * answer through the socket's one outbound writer.
 *
 * <p>Everything happens on the connection's event loop (inbound frames, stream pieces, timers), so the
 * state needs no locks and frames are never interleaved. Each stream is a {@link PacedRelay}: it asks its
 * provider for the next piece only once its previous frame was consumed by Armeria's response subscriber,
 * which itself asks for the next frame only after the last one reached the socket. A client that stops
 * reading therefore stops its providers, with at most one frame per stream waiting in the gateway.
 * Inbound frames are read one at a time, and the next one only after the answer to the previous one (a
 * pong, an error) was consumed, so a client that sends without reading is slowed by TCP, not buffered.
 * When the server stops, {@link #goAway()} closes the socket once its streams in flight have ended.
 */
final class ChatSocket implements Subscriber<WebSocketFrame>, OpenSockets.Socket {

    /** How Armeria's decoder reports a close frame without a status code. */
    private static final String EMPTY_CLOSE_FRAME = "Invalid close frame body";

    private final String socketId;
    private final EventExecutor eventLoop;
    private final WebSocketWriter out;
    private final BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat;
    private final Function<String, Call> calls;
    private final int maxStreams;
    private final Map<String, PacedRelay<StreamChatCompletionResponse>> streams = new HashMap<>();
    private Subscription inbound;
    private ScheduledFuture<?> pings;
    private long sequence;
    private boolean closed;
    /** The server is stopping: no new streams, and the socket closes once those in flight ended. */
    private boolean goingAway;

    /**
     * Creates the socket's state; {@code chat} starts a stream ({@code ChatCompletions::stream}), {@code calls}
     * makes the call of each stream from its id, and {@code socketId} (the upgrade request's id) prefixes the
     * id of each call.
     */
    ChatSocket(String socketId, EventExecutor eventLoop, WebSocketWriter out,
               BiFunction<ChatRequest, Call, StreamMessage<StreamChatCompletionResponse>> chat,
               Function<String, Call> calls, int maxStreams) {
        this.socketId = socketId;
        this.eventLoop = eventLoop;
        this.out = out;
        this.chat = chat;
        this.calls = calls;
        this.maxStreams = maxStreams;
        // However the socket ends (closed by either side, the connection dropped), its streams stop.
        out.whenComplete().handle((unused, cause) -> {
            onEventLoop(this::shutdown);
            return null;
        });
    }

    /** Sends a WebSocket ping every {@code intervalMillis}, so that idle clients answer and stay connected. */
    void pingEvery(long intervalMillis) {
        onEventLoop(() -> {
            if (!closed && intervalMillis > 0) {
                pings = eventLoop.scheduleWithFixedDelay(() -> out.tryWrite(WebSocketFrame.ofPing()),
                                                         intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    /**
     * Closes the socket with 1001 (going away) because the server is stopping: at once when no stream is in
     * flight, else once the last one ended; until then new {@code chat.request}s are refused.
     */
    @Override
    public void goAway() {
        onEventLoop(() -> {
            goingAway = true;
            closeIfGoneAway();
        });
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        inbound = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(WebSocketFrame frame) {
        final CompletableFuture<?> answered = handle(frame);
        if (answered == null) {
            readNext();
        } else {
            answered.handle((unused, cause) -> {
                onEventLoop(this::readNext);
                return null;
            });
        }
    }

    @Override
    public void onError(Throwable cause) {
        shutdown();
        // Armeria would answer both of these with 1011 (internal error); say what happened instead.
        if (cause instanceof StreamTimeoutException) {
            out.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle longer than server.websocket.idle_timeout");
        } else if (cause instanceof WebSocketProtocolViolationException
                   && EMPTY_CLOSE_FRAME.equals(cause.getMessage())) {
            // Armeria 1.36 rejects a close frame without a status code, which RFC 6455 (5.5.1) allows and
            // browsers send from close() without arguments: it is a normal close.
            out.close();
        }
        // Otherwise the connection dropped or broke the protocol, and Armeria tells the client if it can.
    }

    @Override
    public void onComplete() {
        shutdown();
        out.close();
    }

    private CompletableFuture<?> handle(WebSocketFrame frame) {
        switch (frame.type()) {
            case TEXT:
                return onText(frame.text());
            case PING:
                out.tryWrite(WebSocketFrame.ofPong(frame.array()));
                return out.whenConsumed();
            case PONG:
                return null; // an answer to our ping; receiving it already reset the idle timeout
            case CLOSE:
                shutdown();
                out.close(); // answers the close frame, completing the closing handshake
                return null;
            default:
                return send(SocketMessages.error("", status(GatewayException.invalidArgument(
                        "", "send JSON messages in text frames; this protocol has no binary frames"))));
        }
    }

    private CompletableFuture<?> onText(String text) {
        final SocketMessages.ClientMessage message;
        try {
            message = SocketMessages.parse(text);
        } catch (GatewayException e) {
            return send(SocketMessages.error(SocketMessages.idOf(text), status(e)));
        }
        switch (message.type()) {
            case SocketMessages.CHAT_REQUEST:
                return startStream(message);
            case SocketMessages.CHAT_CANCEL:
                return cancelStream(message.id());
            case SocketMessages.PING:
                return send(SocketMessages.pong(message.id()));
            default:
                return send(SocketMessages.error(message.id(), status(GatewayException.invalidArgument(
                        "type", "unknown type '" + message.type() + "'; expected " + SocketMessages.CHAT_REQUEST
                                + ", " + SocketMessages.CHAT_CANCEL + " or " + SocketMessages.PING))));
        }
    }

    private CompletableFuture<?> startStream(SocketMessages.ClientMessage message) {
        final String id = message.id();
        if (id.isEmpty()) {
            return send(SocketMessages.error("", status(GatewayException.invalidArgument(
                    "id", "a chat.request needs an \"id\" of your choice; answers carry it"))));
        }
        if (goingAway) {
            return send(SocketMessages.chatError(id, status(new GatewayException(
                    ErrorKind.UNAVAILABLE, "shutting_down", "the gateway is shutting down: this socket takes no "
                    + "new streams and closes once its streams in flight ended; open a new socket"))));
        }
        if (streams.containsKey(id)) {
            // An error tagged with the id but not chat.error: the stream already in flight goes on.
            return send(SocketMessages.error(id, status(GatewayException.invalidArgument(
                    "id", "a stream with id '" + id + "' is in flight; choose another id"))));
        }
        if (streams.size() >= maxStreams) {
            return send(SocketMessages.chatError(id, status(new GatewayException(
                    ErrorKind.RATE_LIMITED, "too_many_streams", "this socket has " + maxStreams
                    + " streams in flight, the most it may (server.websocket.max_streams_per_socket); "
                    + "wait for one to end or open another socket"))));
        }
        final Call call;
        final ChatRequest request;
        try {
            if (message.chat() == null || !message.chat().isObject()) {
                throw GatewayException.invalidArgument("chat", "a chat.request needs \"chat\": the chat request"
                                                               + " object, as in POST /api/v1/chat/completions");
            }
            call = calls.apply(socketId + '-' + ++sequence);
            request = ChatJson.toChatRequest(message.chat());
        } catch (GatewayException e) {
            return send(SocketMessages.chatError(id, status(e)));
        }
        final StreamMessage<StreamChatCompletionResponse> pieces = chat.apply(request, call);
        final PacedRelay<StreamChatCompletionResponse> relay = new PacedRelay<>(new StreamSink(id), eventLoop);
        streams.put(id, relay); // before subscribing: a stream that fails at once ends (and is removed) inline
        pieces.subscribe(relay, eventLoop);
        return null;
    }

    private CompletableFuture<?> cancelStream(String id) {
        if (id.isEmpty()) {
            return send(SocketMessages.error("", status(GatewayException.invalidArgument(
                    "id", "a chat.cancel needs the \"id\" of the stream to stop"))));
        }
        final PacedRelay<StreamChatCompletionResponse> relay = streams.remove(id);
        if (relay == null) {
            return null; // not in flight: it may have just ended, and its chat.done or chat.error is on its way
        }
        relay.cancel();
        final CompletableFuture<?> answered = send(SocketMessages.chatError(id, status(new GatewayException(
                ErrorKind.CANCELLED, "cancelled", "the client cancelled the stream (chat.cancel)"))));
        closeIfGoneAway();
        return answered;
    }

    /** Closes with 1001 once the server is stopping and no stream is in flight; the close follows any answer. */
    private void closeIfGoneAway() {
        if (goingAway && streams.isEmpty() && !closed) {
            shutdown();
            out.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "the gateway is shutting down");
        }
    }

    private CompletableFuture<?> send(String message) {
        return out.tryWrite(message) ? out.whenConsumed() : null;
    }

    private void readNext() {
        if (!closed) {
            inbound.request(1);
        }
    }

    private void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        if (pings != null) {
            pings.cancel(false);
        }
        for (PacedRelay<StreamChatCompletionResponse> relay : new ArrayList<>(streams.values())) {
            relay.cancel();
        }
        streams.clear();
        // The inbound is left alone: cancelling it would make Armeria abort the outbound, dropping the
        // close frame; it ends with the connection, and nothing more is read from it.
    }

    private void onEventLoop(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
        } else {
            eventLoop.execute(task);
        }
    }

    private static com.google.rpc.Status status(GatewayException error) {
        return ErrorStatus.orInternal(error);
    }

    /** Writes one stream's pieces as {@code chat.chunk} messages and its end as chat.done or chat.error. */
    private final class StreamSink implements PacedRelay.Sink<StreamChatCompletionResponse> {
        private final String id;

        StreamSink(String id) {
            this.id = id;
        }

        @Override
        public CompletableFuture<?> write(StreamChatCompletionResponse piece) {
            return out.tryWrite(SocketMessages.chunk(id, piece)) ? out.whenConsumed()
                                                                  : CompletableFuture.failedFuture(
                                                                          ClosedStreamException.get());
        }

        @Override
        public void complete() {
            streams.remove(id);
            out.tryWrite(SocketMessages.done(id));
            closeIfGoneAway();
        }

        @Override
        public void fail(Throwable cause) {
            streams.remove(id);
            out.tryWrite(SocketMessages.chatError(id, ErrorStatus.orInternal(cause)));
            closeIfGoneAway();
        }
    }
}
