/**
 * Rate limits and budgets per scope (key, endpoint, group, team, tenant) that hold across every gateway
 * instance sharing one store, with no blocking store round trip per call. {@link dev.llmg.internal.quota.Quotas}
 * admits a call on all its scopes or refuses it with
 * {@link dev.llmg.internal.quota.QuotaExceededException} (HTTP 429); the call's
 * {@link dev.llmg.internal.quota.QuotaPermit} is released with its tokens and cost when it ends.
 *
 * <h2>Windows</h2>
 * Requests and tokens count per fixed UTC minute, spend per UTC day and UTC month: a fixed window is one counter
 * row every replica can add to atomically, at the price of a burst of up to twice a limit around a boundary (the
 * end of one window, then the start of the next). A refusal's {@code retryAfter} is the time until its window
 * resets (1 s for concurrency), and its headers say remaining 0.
 *
 * <h2>Requests per minute: an exact bound, through leases</h2>
 * Each instance leases request units of the current minute from the shared counter (the store grants
 * {@code min(N, limit - used)} atomically) and admits calls from its lease with no I/O. When half a lease is used
 * the next one is fetched in the background; only an admission that finds the lease empty waits for the store.
 * The fleet therefore never admits more than the limit in a minute. Leases are small ({@code max(1, limit/20)})
 * because units an idle replica holds are lost to the others until the minute ends: at most 1/20 of the limit per
 * replica. An instance that closes gives its unused units back.
 *
 * <h2>Tokens per minute and spend: charged after the call</h2>
 * Tokens and cost are known only when a call ends. Admission checks "the fleet's total as last read + this
 * instance's unsent charges &lt; limit"; each instance sends its charges and reads the totals back every
 * {@code sync_interval} (200 ms by default) on its own thread. The fleet may overshoot such a limit by what it
 * charges within one sync interval, plus the charges of calls in flight when the limit is reached (each was
 * admitted while under it). A scope idle on an instance for two minutes is re-read at the first sync after its
 * next use, which the same bound covers. Only scopes that limit tokens or spend are charged.
 *
 * <h2>Concurrent requests</h2>
 * Slots are leased from the store too: one row per scope and instance with a heartbeat, and a grant is made under
 * the scope's lock only while the slots held by live instances stay within the limit, so the fleet never has more
 * calls in flight than the limit. An instance that misses beats for {@link dev.llmg.internal.quota.Quotas#STALE_AFTER}
 * no longer counts, so a crashed replica's slots come back; one that closes gives them back at once. Spare slots go
 * back in the background. On one instance (the memory store) the first call leases the whole limit: an exact
 * semaphore.
 *
 * <h2>Refusals give back</h2>
 * A call refused by a later scope gives back the request units and slots earlier scopes gave it.
 *
 * <h2>The store down: fail open</h2>
 * A quota store that fails, or does not answer within {@link dev.llmg.internal.quota.Quotas#MAX_WAIT}, must not
 * fail or stall calls: each instance then limits on its own, against each whole limit (so a fleet of n may admit up
 * to n times a limit), logs the outage once, and trusts the store again as soon as it answers. Limits are for
 * fairness and cost control, and refusing every call because a counter is unreachable would be a worse outage.
 * While an instance cannot beat, the others may count its slots as free after {@code STALE_AFTER}.
 *
 * <h2>Stores</h2>
 * {@link dev.llmg.internal.quota.LocalQuotaStore} keeps counters in memory (one instance);
 * {@link dev.llmg.internal.quota.DatabaseQuotaStore} keeps them in the storage database (H2 or PostgreSQL, migration
 * {@code V4__quota.sql}). Store calls run on the {@code llmg-quota} daemon thread, one at a time.
 */
package dev.llmg.internal.quota;
