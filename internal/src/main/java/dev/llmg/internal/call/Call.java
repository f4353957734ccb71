package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.internal.quota.RateLimitHeaders;
import io.netty.util.concurrent.EventExecutor;

/**
 * Everything the gateway knows about one call that is not the request itself: its id, the front door it
 * came through, the caller, its deadline, its clock, the event loop its work runs on, its recorder, and
 * whether the caller has gone away.
 *
 * <p>It is built in one place for every front door ({@link CallFactory}) and travels with the call through
 * the use case, routing and every attempt. Per-call state lives here rather than on Armeria's request
 * context, because one WebSocket (one context) carries many calls.
 */
public final class Call {

    private final String requestId;
    private final Instant startedAt = Instant.now();
    private final Surface surface;
    private final Caller caller;
    private final Deadline deadline;
    private final CallClock clock;
    private final EventExecutor eventLoop;
    private final CallRecorder recorder;
    private final CallTrace trace;
    private final CompletableFuture<Void> cancelled = new CompletableFuture<>();
    private volatile RoutingDecision routing = RoutingDecision.getDefaultInstance();
    private volatile GatewayMetadata context = GatewayMetadata.getDefaultInstance();
    private volatile Consumer<RoutingDecision> routingListener = decision -> { };
    private volatile Consumer<RateLimitHeaders> rateLimitListener = headers -> { };

    Call(String requestId, Surface surface, Caller caller, Deadline deadline, CallClock clock,
         EventExecutor eventLoop, Set<CallObserver.Factory> observers) {
        this(requestId, surface, caller, deadline, clock, eventLoop, CallTrace.none(), List.of(), observers);
    }

    Call(String requestId, Surface surface, Caller caller, Deadline deadline, CallClock clock,
         EventExecutor eventLoop, CallTrace trace, List<CallObserver> frontDoor, Set<CallObserver.Factory> observers) {
        this.requestId = requireNonNull(requestId, "requestId");
        this.surface = requireNonNull(surface, "surface");
        this.caller = requireNonNull(caller, "caller");
        this.deadline = requireNonNull(deadline, "deadline");
        this.clock = requireNonNull(clock, "clock");
        this.eventLoop = requireNonNull(eventLoop, "eventLoop");
        this.trace = requireNonNull(trace, "trace");
        final List<CallObserver> observing = new ArrayList<>(frontDoor.size() + observers.size());
        observing.addAll(frontDoor);
        for (CallObserver.Factory factory : observers) {
            observing.add(factory.observe(this));
        }
        recorder = new CallRecorder(observing);
    }

    /** Returns the call's id, sent back in {@code x-request-id} and {@code gateway.request_id}. */
    public String requestId() {
        return requestId;
    }

    /** Returns when the call arrived, by the wall clock (its {@link #clock()} measures durations). */
    public Instant startedAt() {
        return startedAt;
    }

    /** Returns the front door the call came through. */
    public Surface surface() {
        return surface;
    }

    /** Returns who is calling. */
    public Caller caller() {
        return caller;
    }

    /** Returns when the call must be answered by. */
    public Deadline deadline() {
        return deadline;
    }

    /** Returns the call's clock, from which the gateway's overhead is measured. */
    public CallClock clock() {
        return clock;
    }

    /** Returns the event loop the call's work (attempts, timers, stream pieces) runs on. */
    public EventExecutor eventLoop() {
        return eventLoop;
    }

    /** Returns the recorder that tells the call's observers what happens to it. */
    public CallRecorder recorder() {
        return recorder;
    }

    /** Returns where the call sits in its distributed trace. */
    public CallTrace trace() {
        return trace;
    }

    /** Returns how the call has been routed so far: the plan, then every attempt as it ends. */
    public RoutingDecision routing() {
        return routing;
    }

    /** Keeps the routing decision as it grows; routing calls it on the call's event loop. */
    public void routed(RoutingDecision decision) {
        routing = requireNonNull(decision, "decision");
        routingListener.accept(decision);
    }

    /**
     * Returns what the call's context added to the request (the conversation's history, an instruction) as the
     * parts of the answer's gateway metadata that say so; empty when it added nothing.
     */
    public GatewayMetadata context() {
        return context;
    }

    /**
     * Notes what the call's context added to the request, merged into what earlier steps noted; the answer's
     * gateway metadata and the inference record carry it, whether or not the call ends with an answer.
     */
    public synchronized void addContext(GatewayMetadata added) {
        context = context.toBuilder().mergeFrom(requireNonNull(added, "added")).build();
    }

    /** Has {@code listener} hear the routing decision each time it grows (the front door shows it in headers). */
    void onRouted(Consumer<RoutingDecision> listener) {
        routingListener = requireNonNull(listener, "listener");
    }

    /** Tells the front door the caller's rate limits as its admission left them (OpenAI's x-ratelimit-* headers). */
    public void rateLimited(RateLimitHeaders headers) {
        rateLimitListener.accept(requireNonNull(headers, "headers"));
    }

    /** Has {@code listener} hear the caller's rate limits (an HTTP front door shows them in headers). */
    void onRateLimited(Consumer<RateLimitHeaders> listener) {
        rateLimitListener = requireNonNull(listener, "listener");
    }

    /** Notes that the caller went away (or cancelled): the attempt in flight and any backoff stop. */
    public void cancel() {
        cancelled.complete(null);
    }

    /** Returns whether the caller went away. */
    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Completes when the caller goes away. */
    public CompletableFuture<Void> whenCancelled() {
        return cancelled;
    }
}
