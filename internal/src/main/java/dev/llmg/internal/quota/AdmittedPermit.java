package dev.llmg.internal.quota;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call being admitted, then admitted: it remembers what it took from each scope so that a refusal by a later
 * scope gives it all back, and so that release frees its slots and charges every scope once.
 */
final class AdmittedPermit implements QuotaPermit {

    /** A request unit taken from a lease (or locally, while the store is down). */
    private record TakenRequest(RequestLease lease, long window, boolean fromLease) {}

    /** A slot taken, with the limit that applied. */
    private record TakenSlot(SlotLease lease, int limit) {}

    private final List<ScopeState> scopes;
    private final List<QuotaLimits> limits;
    private final List<TakenRequest> requests = new ArrayList<>(4);
    private final List<TakenSlot> slots = new ArrayList<>(4);
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile RateLimitHeaders headers = RateLimitHeaders.none();

    AdmittedPermit(List<ScopeState> scopes, List<QuotaLimits> limits) {
        this.scopes = scopes;
        this.limits = limits;
    }

    /** Returns the headers computed when the call was admitted. */
    @Override
    public RateLimitHeaders headers() {
        return headers;
    }

    /** Frees the slots and charges tokens and cost to every scope that limits them; only the first call counts. */
    @Override
    public void release(long tokens, BigDecimal cost) {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            slots.forEach(taken -> taken.lease().release(taken.limit()));
        }
        final long nanos = Money.nanos(cost);
        for (int i = 0; i < scopes.size(); i++) {
            final ScopeState scope = scopes.get(i);
            final QuotaLimits limit = limits.get(i);
            if (limit.tokensPerMinute() > 0) {
                scope.tokens.charge(Math.max(0, tokens));
            }
            if (limit.spendPerDayNanos() > 0) {
                scope.spendPerDay.charge(nanos);
            }
            if (limit.spendPerMonthNanos() > 0) {
                scope.spendPerMonth.charge(nanos);
            }
        }
    }

    /** Records a request unit taken. */
    synchronized void tookRequest(RequestLease lease, long window, boolean fromLease) {
        requests.add(new TakenRequest(lease, window, fromLease));
    }

    /** Records a slot taken. */
    synchronized void tookSlot(SlotLease lease) {
        slots.add(new TakenSlot(lease, limitOf(lease)));
    }

    /** Gives back everything taken: a scope refused the call, which therefore never runs. */
    void refused() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        synchronized (this) {
            requests.forEach(taken -> taken.lease().giveBack(taken.window(), taken.fromLease()));
            slots.forEach(taken -> taken.lease().release(taken.limit()));
        }
    }

    /** Computes the headers from the most constrained scope of each kind, once every scope has admitted the call. */
    void admitted() {
        long requestLimit = 0;
        long requestsLeft = Long.MAX_VALUE;
        Duration requestReset = Duration.ZERO;
        long tokenLimit = 0;
        long tokensLeft = Long.MAX_VALUE;
        Duration tokenReset = Duration.ZERO;
        for (int i = 0; i < scopes.size(); i++) {
            final ScopeState scope = scopes.get(i);
            final QuotaLimits limit = limits.get(i);
            if (limit.requestsPerMinute() > 0) {
                final long left = scope.requests.remaining(limit.requestsPerMinute());
                if (left < requestsLeft) {
                    requestsLeft = left;
                    requestLimit = limit.requestsPerMinute();
                    requestReset = scope.tokens.untilReset();
                }
            }
            if (limit.tokensPerMinute() > 0) {
                final long left = scope.tokens.remaining(limit.tokensPerMinute());
                if (left < tokensLeft) {
                    tokensLeft = left;
                    tokenLimit = limit.tokensPerMinute();
                    tokenReset = scope.tokens.untilReset();
                }
            }
        }
        if (requestLimit > 0 || tokenLimit > 0) {
            headers = new RateLimitHeaders(requestLimit, requestLimit > 0 ? requestsLeft : 0, requestReset,
                                           tokenLimit, tokenLimit > 0 ? tokensLeft : 0, tokenReset);
        }
    }

    private int limitOf(SlotLease lease) {
        for (int i = 0; i < scopes.size(); i++) {
            if (scopes.get(i).slots == lease) {
                return limits.get(i).concurrentRequests();
            }
        }
        throw new IllegalStateException("A slot of a scope this permit does not have");
    }
}
