package dev.llmg.internal.quota;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the counters in this process: limits hold for this instance only. It is unshared, so {@link Quotas}
 * leases whole limits from it and its limits are exact.
 */
public final class LocalQuotaStore implements QuotaStore {

    private final Map<CounterKey, Long> counters = new HashMap<>();
    private final Map<String, Map<String, Integer>> slots = new HashMap<>();

    /** Returns false: nothing else sees this store. */
    @Override
    public boolean isShared() {
        return false;
    }

    /** Grants up to {@code wanted} units within {@code limit}. */
    @Override
    public synchronized Grant take(CounterKey key, long wanted, long limit) {
        final long used = counters.getOrDefault(key, 0L);
        final long granted = Math.max(0, Math.min(wanted, limit - used));
        counters.put(key, used + granted);
        return new Grant(granted, used + granted);
    }

    /** Takes unused units off the counter. */
    @Override
    public synchronized void giveBack(CounterKey key, long units) {
        counters.computeIfPresent(key, (k, used) -> Math.max(0, used - units));
    }

    /** Adds to the counter and returns its value. */
    @Override
    public synchronized long add(CounterKey key, long delta) {
        return counters.merge(key, delta, Long::sum);
    }

    /** Grants slots within the limit; this store has one instance, so liveness does not matter. */
    @Override
    public synchronized int holdSlots(String scope, String instance, int wanted, int limit, long nowMillis,
                                      long liveSinceMillis) {
        final Map<String, Integer> held = slots.computeIfAbsent(scope, s -> new HashMap<>());
        final int current = held.getOrDefault(instance, 0);
        final int others = held.values().stream().mapToInt(Integer::intValue).sum() - current;
        final int granted = wanted <= current ? wanted : Math.max(current, Math.min(wanted, limit - others));
        held.put(instance, granted);
        return granted;
    }

    /** Does nothing: a local instance is alive while it runs. */
    @Override
    public void beat(String instance, long nowMillis) {
        // Nothing to record.
    }

    /** Forgets the instance's slots. */
    @Override
    public synchronized void leave(String instance) {
        slots.values().forEach(held -> held.remove(instance));
    }

    /** Forgets the counters of ended windows. */
    @Override
    public synchronized void purge(String kind, long windowStart) {
        counters.keySet().removeIf(key -> key.kind().equals(kind) && key.windowStart() < windowStart);
    }

    /** Does nothing: there is nothing to close. */
    @Override
    public void close() {
        // Memory only.
    }
}
