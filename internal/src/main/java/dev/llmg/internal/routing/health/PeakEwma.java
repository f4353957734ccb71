package dev.llmg.internal.routing.health;

/**
 * A latency estimate that rises at once with a slow answer and decays towards faster ones over a time
 * constant, and towards zero while no answer comes (peak EWMA, as Finagle and Linkerd balance with it): a
 * target that just got slow is avoided at once, and one that recovers is trusted again gradually.
 *
 * <p>Thread-safe; updates are rare next to the work of a call, so a lock is cheaper than being clever.
 */
final class PeakEwma {

    private final double decayNanos;
    private double estimateNanos = Double.NaN;
    private long lastNanos;

    /** Creates an estimate whose past weighs {@code 1/e} after {@code decayNanos}. */
    PeakEwma(long decayNanos) {
        this.decayNanos = decayNanos;
    }

    /** Adds an observed latency, measured at {@code nowNanos}. */
    synchronized void observe(long latencyNanos, long nowNanos) {
        if (Double.isNaN(estimateNanos) || latencyNanos > estimateNanos) {
            estimateNanos = latencyNanos;
        } else {
            final double weight = Math.exp(-(nowNanos - lastNanos) / decayNanos);
            estimateNanos = estimateNanos * weight + latencyNanos * (1 - weight);
        }
        lastNanos = nowNanos;
    }

    /**
     * Returns the estimate at {@code nowNanos} in nanoseconds, or NaN before the first observation. Left alone,
     * the estimate fades towards zero over the time constant (as Finagle's and Linkerd's do): a target that
     * balancers avoid after a slow answer gets no answers to lower it, and would be avoided for good.
     */
    synchronized double nanos(long nowNanos) {
        return estimateNanos * Math.exp(-Math.max(0, nowNanos - lastNanos) / decayNanos);
    }
}
