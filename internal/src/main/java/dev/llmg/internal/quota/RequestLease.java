package dev.llmg.internal.quota;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request units of one scope's current minute that this instance leased from the shared counter.
 *
 * <p>Admissions spend the lease with no I/O; once half of it is spent the next lease is fetched in the
 * background, and only an admission that finds it empty waits for the store. The store never grants past the
 * limit, so the fleet never admits more than the limit in a minute. A lease is small next to the limit
 * ({@code max(1, limit/20)} on a shared store) because units an idle replica holds are lost to the others until
 * the minute ends. Units are never taken back, so a refusal from the store holds until the next minute, rechecked
 * once per sync interval (a closing instance gives its units back).
 */
final class RequestLease {

    private final String scope;
    private final StoreLink link;
    private long window = Long.MIN_VALUE;
    private long left;
    private long lastGrant;
    private long fleetUsed;
    private long admitted;
    private long exhaustedUntil;
    private CompletableFuture<Void> fetching;

    RequestLease(String scope, StoreLink link) {
        this.scope = scope;
        this.link = link;
    }

    /**
     * Takes one request unit for {@code permit}: returns {@link Admission#TAKEN} when taken locally, a future
     * when it has to wait for the store, or throws the refusal.
     */
    CompletableFuture<Void> take(long limit, AdmittedPermit permit) {
        final CompletableFuture<Void> wait;
        final long now = link.now();
        synchronized (this) {
            roll(now);
            if (left > 0) {
                left--;
                admitted++;
                permit.tookRequest(this, window, true);
                if (fetching == null && left <= lastGrant / 2 && now >= exhaustedUntil) {
                    fetch(limit);
                }
                return Admission.TAKEN;
            }
            if (!link.isUp()) {
                // Fail open: count against the whole limit on this instance alone until the store is back.
                if (admitted < limit) {
                    admitted++;
                    permit.tookRequest(this, window, false);
                    return Admission.TAKEN;
                }
                throw refusal(limit, now);
            }
            if (now < exhaustedUntil || admitted >= limit) {
                throw refusal(limit, now);
            }
            wait = fetching != null ? fetching : fetch(limit);
        }
        return wait.copy()
                   .orTimeout(link.maxWait.toMillis(), TimeUnit.MILLISECONDS)
                   .handle((ignored, failure) -> {
                       if (failure != null) {
                           link.markDown(failure);
                       }
                       return null;
                   })
                   .thenCompose(ignored -> take(limit, permit));
    }

    /** Puts back a unit taken for a permit that another scope refused. */
    synchronized void giveBack(long takenWindow, boolean fromLease) {
        if (takenWindow == window) {
            admitted--;
            if (fromLease) {
                left++;
            }
        }
    }

    /** Returns the requests the scope may still make this minute, fleet-wide as far as this instance knows. */
    synchronized long remaining(long limit) {
        roll(link.now());
        final long used = link.isUp() && lastGrant > 0 ? fleetUsed - left : admitted;
        return Math.max(0, limit - used);
    }

    /** Gives the unused lease of the current minute back to the store (on the quota thread): closing. */
    void returnUnused() {
        final long units;
        final long leasedWindow;
        synchronized (this) {
            units = left;
            leasedWindow = window;
            left = 0;
        }
        if (units > 0 && leasedWindow == QuotaWindow.MINUTE.start(link.now())) {
            link.store.giveBack(new CounterKey(scope, CounterKey.REQUESTS, leasedWindow), units);
        }
    }

    private CompletableFuture<Void> fetch(long limit) {
        final long forWindow = window;
        final long wanted = link.store.isShared() ? Math.max(1, limit / 20) : limit;
        final CompletableFuture<Void> fetched = link.call(
                () -> link.store.take(new CounterKey(scope, CounterKey.REQUESTS, forWindow), wanted, limit))
                                                    .handle((grant, failure) -> {
                                                        granted(forWindow, grant);
                                                        return null;
                                                    });
        if (!fetched.isDone()) {
            fetching = fetched;
        }
        return fetched;
    }

    private synchronized void granted(long forWindow, QuotaStore.Grant grant) {
        fetching = null;
        if (grant == null || forWindow != window) {
            return;
        }
        left += grant.granted();
        lastGrant = grant.granted();
        fleetUsed = grant.used();
        if (grant.granted() == 0) {
            exhaustedUntil = link.now() + link.syncInterval.toMillis();
        }
    }

    private void roll(long now) {
        final long current = QuotaWindow.MINUTE.start(now);
        if (current != window) {
            window = current;
            left = 0;
            lastGrant = 0;
            fleetUsed = 0;
            admitted = 0;
            exhaustedUntil = 0;
            fetching = null;
        }
    }

    private QuotaExceededException refusal(long limit, long now) {
        final var retry = QuotaWindow.MINUTE.untilReset(now);
        return new QuotaExceededException(scope, QuotaExceededException.RATE_LIMIT_EXCEEDED,
                                          scope + " has used its " + limit + " requests per minute; retry after "
                                          + RateLimitHeaders.durationText(retry),
                                          retry, new RateLimitHeaders(limit, 0, retry, 0, 0, java.time.Duration.ZERO));
    }
}
