package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.util.SafeCloseable;

import dev.llmg.internal.call.Call;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.GatewayException;

/**
 * Works through a {@link RoutePlan}, one attempt at a time, as the {@link AttemptPolicy} says: the one
 * attempt loop of llmg, shared by unary chat, streaming chat and embeddings.
 *
 * <p>Each attempt gets what is left of the call's deadline; when the deadline passes or the caller goes
 * away, the attempt in flight is cancelled (which stops its upstream call) and no other starts. Every
 * attempt is reported to the call's recorder and ends up in the routing decision.
 */
public final class AttemptExecutor {

    /** Sends a unary request to one candidate as one attempt. */
    @FunctionalInterface
    public interface UnaryAttempt<P, R> {
        /** Sends the request; cancelling the returned future must stop the upstream call. */
        CompletableFuture<R> send(Candidate<P> candidate, Attempt attempt);
    }

    /** Sends a streaming request to one candidate as one attempt. */
    @FunctionalInterface
    public interface StreamAttempt<P, T> {
        /** Sends the request; cancelling the subscription must stop the upstream call. */
        StreamMessage<T> send(Candidate<P> candidate, Attempt attempt);
    }

    private static final Logger logger = LoggerFactory.getLogger(AttemptExecutor.class);

    private final AttemptPolicy policy;

    @Inject
    AttemptExecutor(AttemptPolicy policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    /**
     * Answers the call with the first candidate that succeeds; the future fails with the last attempt's
     * failure, or with DEADLINE_EXCEEDED or CANCELLED.
     */
    public <P, R> CompletableFuture<Routed<R>> unary(Call call, RoutePlan<P> plan, UnaryAttempt<P, R> send) {
        final UnaryRun<P, R> run = new UnaryRun<>(new AttemptRun<>(call, plan, policy), send);
        onLoop(call, run.guarded(run::start));
        return run.result;
    }

    /**
     * Streams the answer of the first candidate whose stream produces a piece: a stream that fails before its
     * first piece is replaced by the next attempt, invisibly to the caller; after it, a failure ends the
     * stream. {@link RoutedStream#outcome()} says who answered once the stream has ended well.
     */
    public <P, T> RoutedStream<T> stream(Call call, RoutePlan<P> plan, StreamAttempt<P, T> send) {
        final FailoverStream<P, T> pieces = new FailoverStream<>(new AttemptRun<>(call, plan, policy), send);
        return new RoutedStream<>(StreamMessage.of(pieces), pieces::outcome);
    }

    private static void onLoop(Call call, Runnable task) {
        if (call.eventLoop().inEventLoop()) {
            task.run();
        } else {
            call.eventLoop().execute(task);
        }
    }

    /** One unary call's attempts; everything runs on the call's event loop. */
    private static final class UnaryRun<P, R> {
        private final AttemptRun<P> run;
        private final UnaryAttempt<P, R> send;
        private final CompletableFuture<Routed<R>> result = new CompletableFuture<>();
        private CompletableFuture<R> inFlight;

        UnaryRun(AttemptRun<P> run, UnaryAttempt<P, R> send) {
            this.run = run;
            this.send = send;
        }

        void start() {
            run.call().whenCancelled().thenRun(() -> onLoop(run.call(), guarded(this::callerGone)));
            next(run.first(), null);
        }

        /**
         * Returns {@code task} made safe: a bug in routing (or an observer) fails the call with INTERNAL instead of
         * leaving the caller waiting for an answer that never comes.
         */
        Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    logger.warn("Routing failed unexpectedly; the call fails", e);
                    if (inFlight != null) {
                        inFlight.cancel(true);
                        inFlight = null;
                    }
                    run.disarm();
                    result.completeExceptionally(AttemptRun.asGatewayException(e));
                }
            };
        }

        private void next(Optional<AttemptPolicy.Step> step, GatewayException lastFailure) {
            if (result.isDone()) {
                return;
            }
            if (run.deadlinePassed()) {
                result.completeExceptionally(run.deadlineExceeded());
            } else if (step.isEmpty()) {
                result.completeExceptionally(lastFailure != null ? lastFailure : run.noTargetAvailable());
            } else {
                run.afterBackoff(step.get(), guarded(() -> attempt(step.get())));
            }
        }

        private void attempt(AttemptPolicy.Step step) {
            if (result.isDone()) {
                return;
            }
            if (run.deadlinePassed()) {
                result.completeExceptionally(run.deadlineExceeded());
                return;
            }
            final Candidate<P> candidate = run.begin(step);
            CompletableFuture<R> answer;
            try (SafeCloseable traced = run.call().trace().enterAttempt()) {
                answer = send.send(candidate, run.attempt());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            final CompletableFuture<R> sent = answer;
            inFlight = sent;
            run.armTimeout(guarded(() -> timedOut(sent)));
            sent.whenComplete((value, cause) -> onLoop(run.call(), guarded(() -> ended(sent, value, cause))));
        }

        private void ended(CompletableFuture<R> sent, R value, Throwable cause) {
            if (sent != inFlight || result.isDone()) {
                return; // given up already (deadline, caller gone)
            }
            inFlight = null;
            run.disarm();
            if (cause == null) {
                run.succeeded();
                result.complete(run.routed(value));
                return;
            }
            final GatewayException failure = AttemptRun.asGatewayException(cause);
            run.failed(failure);
            next(run.afterFailure(failure), failure);
        }

        private void timedOut(CompletableFuture<R> sent) {
            if (sent != inFlight || result.isDone()) {
                return;
            }
            inFlight = null;
            final GatewayException failure = run.timedOut();
            run.failed(failure);
            sent.cancel(true);
            next(run.afterFailure(failure), failure);
        }

        private void callerGone() {
            if (result.isDone()) {
                return;
            }
            run.disarm();
            if (inFlight != null) {
                final CompletableFuture<R> sent = inFlight;
                inFlight = null;
                run.cancelled();
                sent.cancel(true);
            }
            result.completeExceptionally(run.callerGone());
        }
    }
}
