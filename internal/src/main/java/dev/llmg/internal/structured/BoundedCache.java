package dev.llmg.internal.structured;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used map of at most a given number of entries, safe to share between threads.
 *
 * <p>Small on purpose (one lock around a {@link LinkedHashMap}): the values it holds (compiled schemas) cost far
 * more to make than the lock costs to take, and llmg does not need a caching library for one map. A value is
 * computed outside the lock, so two threads missing at once may both compute it; the first one stored wins.
 */
final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Returns the value cached for {@code key}, computing and caching it on a miss. */
    V get(K key, Function<? super K, ? extends V> compute) {
        synchronized (entries) {
            final V cached = entries.get(key);
            if (cached != null) {
                return cached;
            }
        }
        final V computed = compute.apply(key);
        synchronized (entries) {
            final V raced = entries.putIfAbsent(key, computed);
            return raced != null ? raced : computed;
        }
    }

    /** Returns how many entries are held. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
