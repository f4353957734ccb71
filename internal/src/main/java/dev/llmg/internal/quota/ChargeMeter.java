package dev.llmg.internal.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokens or spend of one scope in its current window, charged after calls end (only then are they known).
 *
 * <p>Admission checks "the fleet's total as last read + what this instance charged since" against the limit,
 * with no I/O. {@link QuotaSync} sends this instance's charges to the shared counter and reads the total back
 * every sync interval. The fleet may therefore overshoot a limit by what it charges within one sync interval,
 * plus the calls in flight when the limit is reached (each admitted while below it).
 */
final class ChargeMeter {

    /** Charges of an ended window that still have to reach the store. */
    private record Carried(long window, long amount) {}

    private final String scope;
    private final String kind;
    private final QuotaWindow windows;
    private final StoreLink link;
    private long window = Long.MIN_VALUE;
    private long shared;
    private long pending;
    private long sending;
    private long touched;
    private final List<Carried> carried = new ArrayList<>();

    ChargeMeter(String scope, String kind, QuotaWindow windows, StoreLink link) {
        this.scope = scope;
        this.kind = kind;
        this.windows = windows;
        this.link = link;
    }

    /** Throws the refusal when the scope has used {@code limit} in this window, as far as this instance knows. */
    void check(long limit) {
        final long now = link.now();
        synchronized (this) {
            roll(now);
            touched = now;
            if (used() < limit) {
                return;
            }
        }
        throw refusal(limit, now);
    }

    /** Adds a charge of an ended call; it reaches the store at the next sync. */
    synchronized void charge(long amount) {
        if (amount > 0) {
            final long now = link.now();
            roll(now);
            touched = now;
            pending += amount;
        }
    }

    /** Returns what remains of {@code limit} in this window, as far as this instance knows. */
    synchronized long remaining(long limit) {
        roll(link.now());
        return Math.max(0, limit - used());
    }

    /** Returns how long until this meter's window resets. */
    Duration untilReset() {
        return windows.untilReset(link.now());
    }

    /**
     * Sends the charges to the store and reads the fleet's total back; runs on the quota thread. Skips a meter
     * untouched for two windows' worth of minutes: it is read again at the first sync after its next use.
     */
    void sync() {
        final long now = link.now();
        final List<Carried> old;
        final long delta;
        final long forWindow;
        synchronized (this) {
            roll(now);
            if (pending == 0 && carried.isEmpty() && now - touched > 120_000) {
                return;
            }
            old = new ArrayList<>(carried);
            carried.clear();
            delta = pending;
            sending = pending;
            pending = 0;
            forWindow = window;
        }
        try {
            for (int i = 0; i < old.size(); i++) {
                link.store.add(new CounterKey(scope, kind, old.get(i).window()), old.get(i).amount());
                old.set(i, null);
            }
            final long total = link.store.add(new CounterKey(scope, kind, forWindow), delta);
            synchronized (this) {
                if (forWindow == window) {
                    shared = total;
                    sending = 0;
                }
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                old.stream().filter(c -> c != null).forEach(carried::add);
                if (forWindow == window) {
                    pending += sending;
                    sending = 0;
                } else {
                    carried.add(new Carried(forWindow, delta));
                }
            }
            throw e;
        }
    }

    private long used() {
        return shared + pending + sending;
    }

    private void roll(long now) {
        final long current = windows.start(now);
        if (current != window) {
            if (pending > 0 && window != Long.MIN_VALUE) {
                carried.add(new Carried(window, pending));
            }
            window = current;
            shared = 0;
            pending = 0;
            // What is being sent for the old window stays counted there; the sync's answer is for the old window.
            sending = 0;
        }
    }

    private QuotaExceededException refusal(long limit, long now) {
        final Duration retry = windows.untilReset(now);
        final String when = RateLimitHeaders.durationText(retry);
        if (CounterKey.TOKENS.equals(kind)) {
            return new QuotaExceededException(scope, QuotaExceededException.RATE_LIMIT_EXCEEDED,
                                              scope + " has used its " + limit + " tokens per minute; retry after "
                                              + when, retry, new RateLimitHeaders(0, 0, Duration.ZERO, limit, 0, retry));
        }
        final String per = windows == QuotaWindow.DAY ? "day" : "month";
        return new QuotaExceededException(scope, QuotaExceededException.BUDGET_EXCEEDED,
                                          scope + " has spent its " + Money.usd(limit).toPlainString() + " USD per "
                                          + per + "; retry after " + when, retry, RateLimitHeaders.none());
    }
}
