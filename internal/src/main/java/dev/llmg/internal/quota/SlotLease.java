package dev.llmg.internal.quota;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The concurrency slots of one scope this instance holds in the store, and how many of them calls use.
 *
 * <p>A call takes a held slot with no I/O; when none is free the instance asks the store for more (a few at a
 * time), which grants them only while the slots held by every live instance stay within the limit, so the fleet
 * never has more calls in flight than the limit. Slots freed by ended calls are given back in the background once
 * more than a few are spare. With an unshared store the first call leases the whole limit: an exact semaphore.
 * The store's answer to a refused lease holds for one sync interval, so a full scope costs no store call per call.
 */
final class SlotLease {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final String scope;
    private final StoreLink link;
    private int held;
    private int inUse;
    private long fullUntil;
    private boolean givingBack;
    private CompletableFuture<Void> fetching;

    SlotLease(String scope, StoreLink link) {
        this.scope = scope;
        this.link = link;
    }

    /** Takes a slot for {@code permit}, or returns a future when it waits for the store, or throws the refusal. */
    CompletableFuture<Void> take(int limit, AdmittedPermit permit) {
        final CompletableFuture<Void> wait;
        synchronized (this) {
            if (inUse >= limit) {
                throw refusal(limit);
            }
            if (inUse < held || !link.isUp()) {
                // Past what is held only while the store is down: local limiting, fail open.
                inUse++;
                permit.tookSlot(this);
                return Admission.TAKEN;
            }
            if (link.now() < fullUntil) {
                throw refusal(limit);
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

    /** Frees a slot; gives spare slots back to the store in the background, so other instances may use them. */
    void release(int limit) {
        synchronized (this) {
            inUse--;
            if (givingBack || held - inUse <= 2 * chunk(limit)) {
                return;
            }
            givingBack = true;
        }
        link.call(() -> {
            final int target;
            synchronized (this) {
                givingBack = false;
                target = inUse + chunk(limit);
                if (target >= held) {
                    return null;
                }
                // Lower what may be used before the store hears of it, so that no call uses a slot given back.
                held = target;
            }
            return link.store.holdSlots(scope, link.instance, target, limit, link.now(), liveSince());
        });
    }

    /** Returns how many slots calls use here now (tests and the benchmark look). */
    synchronized int inUse() {
        return inUse;
    }

    private CompletableFuture<Void> fetch(int limit) {
        final CompletableFuture<Void> fetched = link.call(() -> {
            final int target;
            synchronized (this) {
                target = Math.min(limit, inUse + chunk(limit));
            }
            final int granted = link.store.holdSlots(scope, link.instance, target, limit, link.now(), liveSince());
            synchronized (this) {
                held = granted;
                if (granted <= inUse) {
                    fullUntil = link.now() + link.syncInterval.toMillis();
                }
            }
            return null;
        }).handle((ignored, failure) -> {
            synchronized (this) {
                fetching = null;
            }
            return null;
        });
        if (!fetched.isDone()) {
            fetching = fetched;
        }
        return fetched;
    }

    private int chunk(int limit) {
        return link.store.isShared() ? Math.max(1, limit / 20) : limit;
    }

    private long liveSince() {
        return link.now() - link.staleAfter.toMillis();
    }

    private QuotaExceededException refusal(int limit) {
        return new QuotaExceededException(scope, QuotaExceededException.RATE_LIMIT_EXCEEDED,
                                          scope + " has " + limit + " requests in flight, its limit; retry after "
                                          + RateLimitHeaders.durationText(RETRY_AFTER),
                                          RETRY_AFTER, RateLimitHeaders.none());
    }
}
