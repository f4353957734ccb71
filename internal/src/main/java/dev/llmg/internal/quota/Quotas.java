package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.io.Flushable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits calls within the limits of every scope they belong to, across every instance that shares the store:
 * the one entry point of quotas, thread-safe, one per process. See the package documentation for the semantics
 * and bounds of each kind of limit.
 *
 * <p>All store I/O runs on one daemon thread of its own ({@code llmg-quota}), never on a caller's thread: the
 * store may be a database and callers may be event loops. Closing gives back this instance's slots and unused
 * request units and sends its last charges.
 */
public final class Quotas implements AutoCloseable, Flushable {

    /** How long a caller waits for a lease before the store counts as down and the call is limited locally. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(1);
    /** How long an instance may miss heartbeats before its concurrency slots stop counting. */
    public static final Duration STALE_AFTER = Duration.ofSeconds(10);

    private static final Logger logger = LoggerFactory.getLogger(Quotas.class);
    private static final CompletableFuture<QuotaPermit> UNLIMITED = CompletableFuture.completedFuture(
            new AdmittedPermit(List.of(), List.of()));

    private final StoreLink link;
    private final ConcurrentMap<String, ScopeState> scopes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /** Uses {@code store} with the settings' sync interval and the system UTC clock. */
    public Quotas(QuotaStore store, QuotaSettings settings) {
        this(store, settings.syncInterval(), Clock.systemUTC(), MAX_WAIT, STALE_AFTER);
    }

    /**
     * Uses {@code store}, syncing every {@code syncInterval}, telling time by {@code clock} (tests move it instead of
     * sleeping a minute), waiting for a lease at most {@code maxWait} and counting an instance's slots until it has
     * missed beats for {@code staleAfter}. Replicas' clocks must agree within a small fraction of a minute (NTP).
     */
    public Quotas(QuotaStore store, Duration syncInterval, Clock clock, Duration maxWait, Duration staleAfter) {
        requireNonNull(store, "store");
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "llmg-quota");
            thread.setDaemon(true);
            return thread;
        });
        link = new StoreLink(store, executor, clock, UUID.randomUUID().toString(), syncInterval, maxWait, staleAfter);
        final long every = syncInterval.toMillis();
        executor.scheduleWithFixedDelay(new QuotaSync(link, scopes.values()), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Admits a call that belongs to every scope given, or refuses it. The future is already complete in the common
     * case (no I/O); it waits for the store only when a local lease is used up (then it completes on the quota
     * thread: move heavy work off it). A refusal completes it exceptionally with {@link QuotaExceededException}.
     */
    public CompletableFuture<QuotaPermit> admit(List<QuotaScope> scopes) {
        if (closed) {
            return UNLIMITED;
        }
        List<ScopeState> states = null;
        List<QuotaLimits> limits = null;
        for (QuotaScope scope : scopes) {
            if (scope.limits().isNone()) {
                continue;
            }
            if (states == null) {
                states = new ArrayList<>(scopes.size());
                limits = new ArrayList<>(scopes.size());
            }
            final ScopeState state = this.scopes.computeIfAbsent(scope.id(), id -> new ScopeState(id, scope.limits(), link));
            state.limits = scope.limits();
            states.add(state);
            limits.add(scope.limits());
        }
        return states == null ? UNLIMITED : new Admission(states, limits).run();
    }

    /** Returns this instance's id in the store (its slot rows carry it). */
    public String instance() {
        return link.instance;
    }

    /** Runs one sync round now and waits for it: tests use it to know what each instance has seen. */
    void syncNow() {
        link.call(() -> {
            new QuotaSync(link, scopes.values()).run();
            return null;
        }).join();
    }

    /**
     * Sends the last charges, gives back unused request units and every slot, waiting up to a few seconds: run at a
     * graceful stop, once calls have drained and before the database closes.
     */
    @Override
    public void flush() {
        try {
            link.call(() -> {
                new QuotaSync(link, scopes.values()).run();
                scopes.values().forEach(scope -> scope.requests.returnUnused());
                link.store.leave(link.instance);
                return null;
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            logger.warn("Could not give this instance's quota leases back to the store: {}", String.valueOf(e));
        }
    }

    /** Flushes, then stops the quota thread and closes the store; later admissions are not limited. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        executor.shutdownNow();
        link.store.close();
    }
}
