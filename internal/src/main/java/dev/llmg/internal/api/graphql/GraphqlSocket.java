package dev.llmg.internal.api.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.StreamTimeoutException;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketProtocolViolationException;

import dev.llmg.internal.api.streaming.PacedRelay;
import dev.llmg.internal.api.ws.OpenSockets;
import dev.llmg.internal.auth.Authenticator;
import dev.llmg.internal.auth.CallerKey;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.language.OperationDefinition;
import io.netty.util.concurrent.EventExecutor;

/**
 * Serves one client's {@code graphql-transport-ws} socket: {@code connection_init} within
 * {@code server.graphql.connection_init_timeout} (else 4408), then operations by {@code subscribe}, each ending
 * with {@code complete} or {@code error}, and a client's {@code complete} cancelling its operation.
 *
 * <p>Like the chat WebSocket it runs on the connection's event loop, so its state needs no locks. Each
 * subscription is a {@link PacedRelay}: the next piece is asked of graphql-java (and so of the provider) only once
 * the previous {@code next} message was taken by the socket, so a slow client slows its provider instead of
 * filling a buffer; a client's {@code complete}, or the socket closing, cancels the provider's stream. When the
 * server stops, {@link #goAway()} closes the socket with 1001 once its operations in flight have ended.
 */
final class GraphqlSocket implements Subscriber<WebSocketFrame>, OpenSockets.Socket {

    /** How Armeria's decoder reports a close frame without a status code. */
    private static final String EMPTY_CLOSE_FRAME = "Invalid close frame body";

    private final ServiceRequestContext upgrade;
    private final EventExecutor eventLoop;
    private final WebSocketWriter out;
    private final GraphqlEngine engine;
    private final CallFactory calls;
    private final Authenticator authenticator;
    private final GraphqlSettings settings;
    /** The operations in flight by id; an operation still executing has no relay yet. */
    private final Map<String, Optional<PacedRelay<ExecutionResult>>> operations = new HashMap<>();
    private Subscription inbound;
    private ScheduledFuture<?> initTimeout;
    private ScheduledFuture<?> pings;
    /** The server is stopping: no new operations, and the socket closes once those in flight ended. */
    private boolean goingAway;
    private boolean initReceived;
    private Optional<String> key = Optional.empty();
    private long sequence;
    private boolean closed;

    GraphqlSocket(ServiceRequestContext upgrade, WebSocketWriter out, GraphqlEngine engine, CallFactory calls,
                  Authenticator authenticator, GraphqlSettings settings) {
        this.upgrade = upgrade;
        this.eventLoop = upgrade.eventLoop();
        this.out = out;
        this.engine = engine;
        this.calls = calls;
        this.authenticator = authenticator;
        this.settings = settings;
        out.whenComplete().handle((unused, cause) -> {
            onEventLoop(this::shutdown);
            return null;
        });
    }

    /**
     * Sends a WebSocket ping every {@code intervalMillis} ({@code server.websocket.ping_interval}): clients answer
     * by themselves, which keeps a socket that waits quietly for a slow answer from its idle timeout.
     */
    void pingEvery(long intervalMillis) {
        onEventLoop(() -> {
            if (!closed && intervalMillis > 0) {
                pings = eventLoop.scheduleWithFixedDelay(() -> out.tryWrite(WebSocketFrame.ofPing()),
                                                         intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

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
            return;
        }
        initTimeout = eventLoop.schedule(() -> close(4408, "Connection initialisation timeout"),
                                         settings.connectionInitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        subscription.request(1);
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
        if (cause instanceof StreamTimeoutException) {
            out.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle longer than server.websocket.idle_timeout");
        } else if (cause instanceof WebSocketProtocolViolationException
                   && EMPTY_CLOSE_FRAME.equals(cause.getMessage())) {
            out.close(); // a close frame without a status code, which browsers send: a normal close (see ChatSocket)
        }
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
                return null;
            case CLOSE:
                shutdown();
                out.close();
                return null;
            default:
                close(4400, "graphql-transport-ws takes text frames only");
                return null;
        }
    }

    private CompletableFuture<?> onText(String text) {
        final Optional<JsonNode> parsed = TransportWsMessages.parse(text);
        if (parsed.isEmpty()) {
            close(4400, "Invalid message: not a JSON object with a \"type\"");
            return null;
        }
        final JsonNode message = parsed.get();
        switch (message.get("type").asText()) {
            case TransportWsMessages.CONNECTION_INIT:
                return init(message.get("payload"));
            case TransportWsMessages.PING:
                return send(TransportWsMessages.bare(TransportWsMessages.PONG));
            case TransportWsMessages.PONG:
                return null;
            case TransportWsMessages.SUBSCRIBE:
                return subscribe(message);
            case TransportWsMessages.COMPLETE:
                stop(message.path("id").asText(""));
                return null;
            default:
                close(4400, "Invalid message type '" + message.get("type").asText() + "'");
                return null;
        }
    }

    private CompletableFuture<?> init(JsonNode payload) {
        if (initReceived) {
            close(4429, "Too many initialisation requests");
            return null;
        }
        initReceived = true;
        initTimeout.cancel(false);
        key = TransportWsMessages.keyOf(payload);
        try {
            if (key.isPresent()) {
                authenticator.authenticate(key);
            } else if (authenticator.required() && CallerKey.of(upgrade).isEmpty()) {
                close(4403, "Forbidden: send the key in connection_init's payload ({\"authorization\": "
                            + "\"Bearer <key>\"}) or when opening the socket");
                return null;
            }
        } catch (GatewayException e) {
            close(4403, "Forbidden: " + e.getMessage());
            return null;
        }
        return send(TransportWsMessages.bare(TransportWsMessages.CONNECTION_ACK));
    }

    private CompletableFuture<?> subscribe(JsonNode message) {
        if (!initReceived) {
            close(4401, "Unauthorized");
            return null;
        }
        final JsonNode idNode = message.get("id");
        if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
            close(4400, "Invalid message: subscribe needs an \"id\"");
            return null;
        }
        final String id = idNode.asText();
        if (operations.containsKey(id)) {
            close(4409, "Subscriber for " + id + " already exists");
            return null;
        }
        final GraphqlRequest request;
        try {
            request = GraphqlRequest.fromJson(message.get("payload"));
        } catch (GatewayException e) {
            // The protocol counts a payload without a string query (or with variables that are not an object) as
            // an invalid message, like graphql-ws's own server.
            close(4400, "Invalid message: " + e.getMessage());
            return null;
        }
        if (goingAway) {
            return refuse(id, new GatewayException(ErrorKind.UNAVAILABLE, "shutting_down", "the gateway is shutting "
                    + "down: this socket takes no new operations and closes once those in flight ended; open a new "
                    + "socket"));
        }
        if (operations.size() >= settings.maxSubscriptionsPerSocket()) {
            return refuse(id, new GatewayException(ErrorKind.RATE_LIMITED, "too_many_subscriptions", "this socket "
                    + "has " + operations.size() + " operations in flight, the most it may "
                    + "(server.graphql.max_subscriptions_per_socket)"));
        }
        if (key.isPresent() && GraphqlHttpService.operationOf(request) != OperationDefinition.Operation.SUBSCRIPTION) {
            // Queries and mutations read their caller from the upgrade request, which a key sent in
            // connection_init is not part of: such a socket runs subscriptions only.
            return refuse(id, new GatewayException(ErrorKind.FAILED_PRECONDITION, "subscriptions_only", "a socket "
                    + "authenticated by connection_init runs subscriptions only; send queries and mutations with "
                    + "POST /graphql"));
        }
        final GraphqlCaller caller = new GraphqlCaller(upgrade, () -> calls.forSocketStream(
                upgrade, upgrade.id().text() + '-' + ++sequence, Surface.GRAPHQL, key));
        final ExecutionInput input = ExecutionInput.newExecutionInput().query(request.query())
                                                   .operationName(request.operationName())
                                                   .variables(request.variables())
                                                   .graphQLContext(Map.of(GraphqlCaller.class, caller)).build();
        operations.put(id, Optional.empty());
        engine.graphql().executeAsync(input).handle((result, cause) -> {
            onEventLoop(() -> executed(id, result, cause));
            return null;
        });
        return null;
    }

    private void executed(String id, ExecutionResult result, Throwable cause) {
        final boolean wanted = operations.containsKey(id) && !closed;
        if (cause != null) {
            if (wanted) {
                operations.remove(id);
                out.tryWrite(TransportWsMessages.error(id, errors(List.of(GraphqlErrors.of(cause, null, null)))));
                closeIfGoneAway();
            }
            return;
        }
        if (result.getData() instanceof Publisher) {
            @SuppressWarnings("unchecked")
            final Publisher<ExecutionResult> events = (Publisher<ExecutionResult>) result.getData();
            final PacedRelay<ExecutionResult> relay = new PacedRelay<>(new Sink(id), eventLoop);
            if (wanted) {
                operations.put(id, Optional.of(relay)); // before subscribing: a stream may end (and be removed) inline
            } else {
                relay.cancel(); // completed by the client (or the socket closed) while it was being set up
            }
            StreamMessage.of(events).subscribe(relay, eventLoop);
            return;
        }
        if (!wanted) {
            return;
        }
        operations.remove(id);
        if (!result.isDataPresent()) {
            out.tryWrite(TransportWsMessages.error(id, errors(result.getErrors())));
        } else {
            out.tryWrite(TransportWsMessages.next(id, GraphqlHttpService.body(result)));
            out.tryWrite(TransportWsMessages.complete(id));
        }
        closeIfGoneAway();
    }

    private void stop(String id) {
        final Optional<PacedRelay<ExecutionResult>> relay = operations.remove(id);
        if (relay != null) {
            relay.ifPresent(PacedRelay::cancel);
        }
        closeIfGoneAway();
    }

    /** Closes with 1001 once the server is stopping and no operation is in flight. */
    private void closeIfGoneAway() {
        if (goingAway && operations.isEmpty() && !closed) {
            shutdown();
            out.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "the gateway is shutting down");
        }
    }

    /** Ends operation {@code id} before it ran, with an {@code error} message. */
    private CompletableFuture<?> refuse(String id, GatewayException reason) {
        return send(TransportWsMessages.error(id, errors(List.of(GraphqlErrors.of(reason, null, null)))));
    }

    private CompletableFuture<?> send(String message) {
        return out.tryWrite(message) ? out.whenConsumed() : null;
    }

    private void close(int code, String reason) {
        if (closed) {
            return;
        }
        shutdown();
        out.close(WebSocketCloseStatus.ofPrivateUse(code, reason), reason);
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
        if (initTimeout != null) {
            initTimeout.cancel(false);
        }
        if (pings != null) {
            pings.cancel(false);
        }
        for (Optional<PacedRelay<ExecutionResult>> relay : new ArrayList<>(operations.values())) {
            relay.ifPresent(PacedRelay::cancel);
        }
        operations.clear();
    }

    private void onEventLoop(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
        } else {
            eventLoop.execute(task);
        }
    }

    private static List<Map<String, Object>> errors(List<GraphQLError> errors) {
        return GraphqlErrors.toSpecification(errors);
    }

    /** Writes one subscription's events as {@code next} messages and its end as {@code complete} or {@code error}. */
    private final class Sink implements PacedRelay.Sink<ExecutionResult> {
        private final String id;

        Sink(String id) {
            this.id = id;
        }

        @Override
        public CompletableFuture<?> write(ExecutionResult event) {
            return out.tryWrite(TransportWsMessages.next(id, GraphqlHttpService.body(event)))
                   ? out.whenConsumed() : CompletableFuture.failedFuture(ClosedStreamException.get());
        }

        @Override
        public void complete() {
            if (operations.remove(id) != null) {
                out.tryWrite(TransportWsMessages.complete(id));
            }
            closeIfGoneAway();
        }

        @Override
        public void fail(Throwable cause) {
            if (operations.remove(id) != null) {
                out.tryWrite(TransportWsMessages.error(id, errors(List.of(GraphqlErrors.of(cause, null, null)))));
            }
            closeIfGoneAway();
        }
    }
}
