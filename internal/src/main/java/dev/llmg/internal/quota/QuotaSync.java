package dev.llmg.internal.quota;

import java.util.Collection;

/**
 * What the quota thread does every sync interval: sends each meter's charges and reads the fleet's totals back,
 * beats for the slots this instance holds, and purges counters of ended windows once an hour. A failure marks
 * the store down (admission then limits locally) and ends this round; the next round tries again.
 */
final class QuotaSync implements Runnable {

    private static final long PURGE_EVERY_MILLIS = 3_600_000L;

    private final StoreLink link;
    private final Collection<ScopeState> scopes;
    private long lastPurge;

    QuotaSync(StoreLink link, Collection<ScopeState> scopes) {
        this.link = link;
        this.scopes = scopes;
    }

    /** Runs one round; never throws, so that the schedule goes on. */
    @Override
    public void run() {
        try {
            link.run(() -> {
                syncOnce();
                return null;
            });
        } catch (RuntimeException e) {
            // Already noted by the link (logged once per outage); the next round tries again.
        }
    }

    private void syncOnce() {
        boolean holdsSlots = false;
        for (ScopeState scope : scopes) {
            final QuotaLimits limits = scope.limits;
            if (limits.tokensPerMinute() > 0) {
                scope.tokens.sync();
            }
            if (limits.spendPerDayNanos() > 0) {
                scope.spendPerDay.sync();
            }
            if (limits.spendPerMonthNanos() > 0) {
                scope.spendPerMonth.sync();
            }
            holdsSlots |= limits.concurrentRequests() > 0;
        }
        final long now = link.now();
        if (holdsSlots) {
            link.store.beat(link.instance, now);
        }
        if (now - lastPurge > PURGE_EVERY_MILLIS) {
            lastPurge = now;
            final long hourAgo = (now - 3_600_000L) / 1000;
            link.store.purge(CounterKey.REQUESTS, hourAgo);
            link.store.purge(CounterKey.TOKENS, hourAgo);
            link.store.purge(CounterKey.SPEND_DAY, QuotaWindow.DAY.start(now) - 2 * 86_400);
            link.store.purge(CounterKey.SPEND_MONTH, QuotaWindow.MONTH.start(QuotaWindow.MONTH.start(now) * 1000 - 1));
        }
    }
}
