package dev.llmg.internal.quota;

/**
 * Where the counters live, shared by every instance that uses the same store. Every method may block (on a
 * database): {@link Quotas} calls them on its own thread only, one at a time, never on a caller's thread.
 * Counters are {@code long}s: requests, tokens, or nano-USD.
 */
public interface QuotaStore extends AutoCloseable {

    /** What {@link #take} granted, and the counter's value after the grant. */
    record Grant(long granted, long used) {}

    /**
     * Returns whether other instances may share this store; an unshared store lets one instance lease a whole
     * limit at once, which makes its limits exact with a store call only once per window.
     */
    boolean isShared();

    /**
     * Adds up to {@code wanted} units to the counter atomically, never taking it past {@code limit}, and returns
     * how many it added (0 when the counter is at the limit): this is how request leases stay within a limit
     * across instances.
     */
    Grant take(CounterKey key, long wanted, long limit);

    /** Takes {@code units} off the counter: a lease not used (an instance closing). */
    void giveBack(CounterKey key, long units);

    /** Adds {@code delta} (which may be 0, to only read) to the counter and returns its value after. */
    long add(CounterKey key, long delta);

    /**
     * Sets how many concurrency slots of {@code scope} {@code instance} holds and returns what it holds after.
     * Asking for fewer than held always succeeds; asking for more grants up to what leaves the slots held by
     * every live instance (one that beat at or after {@code liveSinceMillis}) within {@code limit}, and never
     * takes back what is held.
     */
    int holdSlots(String scope, String instance, int wanted, int limit, long nowMillis, long liveSinceMillis);

    /** Records that {@code instance} is alive, so that its slots keep counting. */
    void beat(String instance, long nowMillis);

    /** Gives back every slot {@code instance} holds: it is closing. */
    void leave(String instance);

    /** Deletes the counters of {@code kind} whose windows started before {@code windowStart}; they count no more. */
    void purge(String kind, long windowStart);

    /** Closes what the store opened itself (not a database it was given). */
    @Override
    void close();
}
