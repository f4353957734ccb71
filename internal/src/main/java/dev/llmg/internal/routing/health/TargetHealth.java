package dev.llmg.internal.routing.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.linecorp.armeria.client.circuitbreaker.CircuitBreaker;
import com.linecorp.armeria.client.circuitbreaker.CircuitBreakerListener;
import com.linecorp.armeria.client.circuitbreaker.CircuitState;
import com.linecorp.armeria.client.circuitbreaker.EventCount;

import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.spi.ErrorKind;

/**
 * What the gateway knows about one target's health: its circuit breaker (Armeria's standalone
 * {@link CircuitBreaker}, one per target since one provider host serves many models, opened also by a run
 * of consecutive failures), its requests in flight, its latency (peak EWMA), its recent error rate (the
 * breaker's own counts) and its retry budget.
 *
 * <p>Thread-safe: attempts on every event loop report here.
 */
public final class TargetHealth {

    /** How quickly the latency estimate forgets: a slow answer weighs 1/e after this long. */
    private static final long LATENCY_DECAY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Target target;
    private final BreakerSettings breakerSettings;
    private final RetryBudgetSettings budgetSettings;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final PeakEwma latency = new PeakEwma(LATENCY_DECAY_NANOS);
    private final RetryBudget budget;
    private volatile EventCount counts = EventCount.ZERO;
    private volatile long openedNanos;

    TargetHealth(Target target, BreakerSettings breakerSettings, RetryBudgetSettings budgetSettings) {
        this.target = target;
        this.breakerSettings = breakerSettings;
        this.budgetSettings = budgetSettings;
        breaker = CircuitBreaker.builder("target " + target)
                                // Armeria opens above the threshold; failure_ratio is the share that opens it.
                                .failureRateThreshold(Math.nextDown(breakerSettings.failureRatio()))
                                .minimumRequestThreshold(breakerSettings.minimumRequests())
                                .counterSlidingWindow(breakerSettings.window())
                                .counterUpdateInterval(updateInterval(breakerSettings.window()))
                                .circuitOpenWindow(breakerSettings.coolDown())
                                .trialRequestInterval(breakerSettings.coolDown())
                                .listener(new CountsListener())
                                .build();
        budget = new RetryBudget(budgetSettings);
    }

    /** Returns the target this is the health of. */
    public Target target() {
        return target;
    }

    /** Returns whether this health was made with these settings (state survives a reload only if so). */
    boolean configuredWith(BreakerSettings breaker, RetryBudgetSettings budget) {
        return breakerSettings.equals(breaker) && budgetSettings.equals(budget);
    }

    /**
     * Returns whether the breaker is open and still cooling down, so that planning skips the target without
     * using up a probe. Once the cool-down has passed it is no longer open for planning (Armeria's breaker
     * says OPEN until it is asked): the target is planned again and {@link #tryAcquire} lets the probe through.
     */
    public boolean isOpen() {
        final CircuitState state = breaker.circuitState();
        return state == CircuitState.FORCED_OPEN
               || state == CircuitState.OPEN && System.nanoTime() - openedNanos < breakerSettings.coolDown().toNanos();
    }

    /**
     * Asks the breaker to let an attempt through: always while closed, once per cool-down while half-open
     * (the probe), never while open.
     */
    public boolean tryAcquire() {
        return breaker.tryRequest();
    }

    /**
     * Counts an attempt that starts. {@code firstOfCall} says whether it is the call's first attempt at this
     * target (a request, for the retry budget); a later one is a retry and must have passed {@link #tryRetry}.
     */
    public void attemptStarted(boolean firstOfCall) {
        inFlight.incrementAndGet();
        if (firstOfCall) {
            budget.request(System.nanoTime());
        }
    }

    /** Takes a retry from this target's budget; false when the budget is spent. */
    public boolean tryRetry() {
        return budget.tryRetry(System.nanoTime());
    }

    /** Counts an attempt that answered whole after {@code latency} (a unary answer). */
    public void attemptSucceeded(Duration latency) {
        attemptAnswering(latency);
        answerFinished(null);
    }

    /**
     * Counts an attempt whose answer started after {@code latency} (a stream's first piece); it stays in flight
     * until {@link #answerFinished}.
     */
    public void attemptAnswering(Duration latency) {
        this.latency.observe(latency.toNanos(), System.nanoTime());
        consecutiveFailures.set(0);
        breaker.onSuccess();
    }

    /**
     * Counts the end of an answer that had started: well ({@code failure} null), or cut by a failure, which
     * counts against the breaker when it is the target's own.
     */
    public void answerFinished(ErrorKind failure) {
        inFlight.decrementAndGet();
        if (failure != null && isTargetsFault(failure)) {
            countFailure();
        }
    }

    /**
     * Counts an attempt that failed after {@code latency}; only the target's own failures (not a bad request,
     * not a cancelled call) count against its breaker.
     */
    public void attemptFailed(Duration latency, ErrorKind kind) {
        inFlight.decrementAndGet();
        if (!isTargetsFault(kind)) {
            return;
        }
        this.latency.observe(latency.toNanos(), System.nanoTime());
        countFailure();
    }

    private void countFailure() {
        breaker.onFailure();
        final int failures = consecutiveFailures.incrementAndGet();
        if (breakerSettings.consecutiveFailures() > 0 && failures >= breakerSettings.consecutiveFailures()
            && breaker.circuitState() != CircuitState.OPEN) {
            breaker.enterState(CircuitState.OPEN);
            consecutiveFailures.set(0);
        }
    }

    /** Counts an attempt given up by the gateway (the caller left, the deadline passed). */
    public void attemptCancelled() {
        inFlight.decrementAndGet();
    }

    /** Returns the requests in flight to the target now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Returns the peak-EWMA latency in milliseconds, or NaN before the first answer. */
    public double latencyMillis() {
        return latency.nanos(System.nanoTime()) / 1_000_000.0;
    }

    /** Returns the share of failed requests over the breaker's window, 0 when there were none. */
    public double errorRate() {
        return counts.total() == 0 ? 0 : counts.failureRate();
    }

    /** Returns the breaker's state. */
    public CircuitState breakerState() {
        return breaker.circuitState();
    }

    private static boolean isTargetsFault(ErrorKind kind) {
        switch (kind) {
            case INVALID_ARGUMENT:
            case CANCELLED:
                return false;
            default:
                return true;
        }
    }

    private static Duration updateInterval(Duration window) {
        final Duration tenth = window.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
    }

    /** Keeps when the breaker opened, and its latest counts, which are also the target's recent error rate. */
    private final class CountsListener implements CircuitBreakerListener {
        @Override
        public void onStateChanged(String name, CircuitState state) {
            if (state == CircuitState.OPEN) {
                openedNanos = System.nanoTime();
            }
        }

        @Override
        public void onEventCountUpdated(String name, EventCount eventCount) {
            counts = eventCount;
        }

        @Override
        public void onRequestRejected(String name) {}

        @Override
        public void onInitialized(String name, CircuitState initialState) {}
    }
}
