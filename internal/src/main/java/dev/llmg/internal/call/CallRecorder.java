package dev.llmg.internal.call;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.spi.Attempt;

/**
 * Passes one call's events to its observers, so that the use cases and routing report each event once
 * whatever listens. An observer that throws is logged and skipped: recording never fails a call.
 */
public final class CallRecorder implements CallObserver {

    private static final Logger logger = LoggerFactory.getLogger(CallRecorder.class);

    private final List<CallObserver> observers;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object endLock = new Object();
    private Consumer<CallOutcome> atEnd;
    private CallOutcome outcome;

    /** Creates a recorder that tells {@code observers}, in order. */
    public CallRecorder(List<CallObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void requested(CallRequest request) {
        tell(observer -> observer.requested(request));
    }

    @Override
    public void routed(RoutingDecision plan) {
        tell(observer -> observer.routed(plan));
    }

    @Override
    public void attemptStarted(int number, RoutingTarget target, Attempt attempt) {
        tell(observer -> observer.attemptStarted(number, target, attempt));
    }

    @Override
    public void attemptEnded(RoutingAttempt attempt) {
        tell(observer -> observer.attemptEnded(attempt));
    }

    @Override
    public void firstPiece() {
        tell(CallObserver::firstPiece);
    }

    @Override
    public void nextPiece() {
        tell(CallObserver::nextPiece);
    }

    /** Tells the observers how the call ended, the first time only: a call ends once. */
    @Override
    public void ended(CallOutcome outcome) {
        if (ended.compareAndSet(false, true)) {
            tell(observer -> observer.ended(outcome));
            final Consumer<CallOutcome> hook;
            synchronized (endLock) {
                this.outcome = outcome;
                hook = atEnd;
            }
            if (hook != null) {
                runQuietly(hook, outcome);
            }
        }
    }

    /**
     * Has {@code hook} hear how the call ended, once: when it ends, or at once if it already has. For what starts
     * after the call did (an admission under the caller's limits), where observers are made with the call. One
     * hook per call.
     */
    public void atEnd(Consumer<CallOutcome> hook) {
        final CallOutcome already;
        synchronized (endLock) {
            if (atEnd != null) {
                throw new IllegalStateException("a call has one end hook");
            }
            atEnd = hook;
            already = outcome;
        }
        if (already != null) {
            runQuietly(hook, already);
        }
    }

    private static void runQuietly(Consumer<CallOutcome> hook, CallOutcome outcome) {
        try {
            hook.accept(outcome);
        } catch (RuntimeException e) {
            logger.warn("A call's end hook failed; the call goes on", e);
        }
    }

    private void tell(Consumer<CallObserver> event) {
        for (CallObserver observer : observers) {
            try {
                event.accept(observer);
            } catch (RuntimeException e) {
                logger.warn("A call observer failed ({}); the call goes on", observer.getClass().getName(), e);
            }
        }
    }
}
