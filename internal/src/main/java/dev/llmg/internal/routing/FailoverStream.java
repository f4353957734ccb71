package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.util.SafeCloseable;

import dev.llmg.spi.GatewayException;

/**
 * Publishes the pieces of the first attempt that produces one, trying candidates as the policy says until
 * then: a stream that fails before its first piece is replaced invisibly, and one that fails after it ends
 * with that failure, never silently.
 *
 * <p>Each attempt is asked for one piece at once, whatever the caller's demand, because only a piece shows
 * that the attempt answers; that piece waits here until the caller asks for it. From then on the caller's
 * demand passes through unchanged, so back-pressure holds end to end. Every signal runs on the call's
 * event loop, which confines the state. It serves one subscriber.
 */
final class FailoverStream<P, T> implements Publisher<T> {

    private static final Logger logger = LoggerFactory.getLogger(FailoverStream.class);

    private final AttemptRun<P> run;
    private final AttemptExecutor.StreamAttempt<P, T> send;
    private Subscriber<? super T> downstream;
    private AttemptSubscriber current;
    private Subscription upstream;
    private long demand;
    private T held;
    private boolean committed;
    private boolean completeAfterHeld;
    private boolean done;
    private volatile Routed<Void> outcome;

    FailoverStream(AttemptRun<P> run, AttemptExecutor.StreamAttempt<P, T> send) {
        this.run = run;
        this.send = send;
    }

    /** Returns who answered; known once the first piece arrived. */
    Routed<Void> outcome() {
        final Routed<Void> known = outcome;
        if (known == null) {
            throw new IllegalStateException("no attempt has answered yet");
        }
        return known;
    }

    @Override
    public void subscribe(Subscriber<? super T> subscriber) {
        requireNonNull(subscriber, "subscriber");
        onLoop(() -> {
            if (downstream != null) {
                subscriber.onSubscribe(NoSubscription.INSTANCE);
                subscriber.onError(new IllegalStateException("a routed stream has one subscriber"));
                return;
            }
            downstream = subscriber;
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    onLoop(() -> requested(n));
                }

                @Override
                public void cancel() {
                    onLoop(() -> cancelled(null));
                }
            });
            run.call().whenCancelled().thenRun(() -> onLoop(() -> cancelled(run.callerGone())));
            next(run.first(), null);
        });
    }

    private void next(Optional<AttemptPolicy.Step> step, GatewayException lastFailure) {
        if (done) {
            return;
        }
        if (run.deadlinePassed()) {
            fail(run.deadlineExceeded());
        } else if (step.isEmpty()) {
            fail(lastFailure != null ? lastFailure : run.noTargetAvailable());
        } else {
            run.afterBackoff(step.get(), guarded(() -> attempt(step.get())));
        }
    }

    private void attempt(AttemptPolicy.Step step) {
        if (done) {
            return;
        }
        if (run.deadlinePassed()) {
            fail(run.deadlineExceeded());
            return;
        }
        final Candidate<P> candidate = run.begin(step);
        StreamMessage<T> pieces;
        try (SafeCloseable traced = run.call().trace().enterAttempt()) {
            pieces = send.send(candidate, run.attempt());
        } catch (RuntimeException e) {
            pieces = StreamMessage.aborted(e);
        }
        final AttemptSubscriber subscriber = new AttemptSubscriber();
        current = subscriber;
        run.armTimeout(guarded(() -> timedOut(subscriber)));
        pieces.subscribe(subscriber, run.call().eventLoop());
    }

    private void requested(long n) {
        if (done) {
            return;
        }
        if (n <= 0) {
            cancelled(null);
            downstream.onError(new IllegalArgumentException("request(" + n + "): must be positive (§3.9)"));
            return;
        }
        long forward = n;
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (held != null) {
            final T piece = held;
            held = null;
            demand--;
            forward--;
            downstream.onNext(piece);
            if (completeAfterHeld) {
                done = true;
                downstream.onComplete();
                return;
            }
        }
        if (committed && upstream != null && forward > 0) {
            upstream.request(forward);
        }
    }

    private void cancelled(GatewayException reason) {
        if (done) {
            return;
        }
        done = true;
        held = null;
        run.disarm();
        if (current != null) {
            if (committed) {
                run.answerEnded(null); // the caller left: not the target's failure
            } else {
                run.cancelled();
            }
            current = null;
        }
        if (upstream != null) {
            upstream.cancel();
            upstream = null;
        }
        if (reason != null && downstream != null) {
            downstream.onError(reason);
        }
    }

    private void timedOut(AttemptSubscriber subscriber) {
        if (subscriber != current || done) {
            return;
        }
        final GatewayException failure = run.timedOut();
        current = null;
        if (upstream != null) {
            upstream.cancel();
            upstream = null;
        }
        if (committed) {
            run.answerEnded(null); // the answer had started: the caller hears the deadline, never a silent cut
            fail(failure);
            return;
        }
        run.failed(failure);
        next(run.afterFailure(failure), failure);
    }

    private void fail(Throwable failure) {
        done = true;
        held = null;
        run.disarm();
        downstream.onError(failure);
    }

    private void onLoop(Runnable task) {
        if (run.call().eventLoop().inEventLoop()) {
            guarded(task).run();
        } else {
            run.call().eventLoop().execute(guarded(task));
        }
    }

    /**
     * Returns {@code task} made safe: a bug in routing (or an observer) ends the stream with INTERNAL and stops
     * the provider, instead of leaving the caller waiting for pieces that never come.
     */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                logger.warn("Routing a stream failed unexpectedly; the stream ends", e);
                current = null;
                if (upstream != null) {
                    upstream.cancel();
                    upstream = null;
                }
                if (!done && downstream != null) {
                    fail(AttemptRun.asGatewayException(e));
                }
            }
        };
    }

    /** Hears one attempt's stream; signals of an attempt given up are ignored. */
    private final class AttemptSubscriber implements Subscriber<T> {

        @Override
        public void onSubscribe(Subscription subscription) {
            guarded(() -> subscribed(subscription)).run();
        }

        private void subscribed(Subscription subscription) {
            if (this != current || done) {
                subscription.cancel();
                return;
            }
            upstream = subscription;
            subscription.request(1); // the first piece decides whether this attempt answers
        }

        @Override
        public void onNext(T piece) {
            guarded(() -> received(piece)).run();
        }

        private void received(T piece) {
            if (this != current || done) {
                return;
            }
            if (committed) {
                demand--;
                run.call().recorder().nextPiece();
                downstream.onNext(piece);
                return;
            }
            committed = true;
            run.answering();
            outcome = run.routed(null);
            run.call().recorder().firstPiece();
            // The attempt's own timeout covered its start; the rest of the answer has the call's deadline.
            final AttemptSubscriber answering = this;
            run.armDeadline(guarded(() -> timedOut(answering)));
            if (demand == 0) {
                held = piece;
                return;
            }
            demand--;
            final long unforwarded = demand; // asked before the first piece; later asks pass straight on
            downstream.onNext(piece);
            if (unforwarded > 0 && upstream != null) {
                upstream.request(unforwarded);
            }
        }

        @Override
        public void onError(Throwable cause) {
            guarded(() -> failed(cause)).run();
        }

        private void failed(Throwable cause) {
            if (this != current || done) {
                return;
            }
            current = null;
            upstream = null;
            run.disarm();
            if (committed) {
                run.answerEnded(cause);
                fail(cause);
                return;
            }
            final GatewayException failure = AttemptRun.asGatewayException(cause);
            run.failed(failure);
            next(run.afterFailure(failure), failure);
        }

        @Override
        public void onComplete() {
            guarded(this::completed).run();
        }

        private void completed() {
            if (this != current || done) {
                return;
            }
            current = null;
            upstream = null;
            run.disarm();
            if (!committed) {
                committed = true; // an answer without pieces is still an answer
                run.answering();
                outcome = run.routed(null);
            }
            run.answerEnded(null);
            if (held != null) {
                completeAfterHeld = true;
                return;
            }
            done = true;
            downstream.onComplete();
        }
    }

    /** A subscription that does nothing, for a subscriber that is refused at once. */
    private enum NoSubscription implements Subscription {
        INSTANCE;

        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
