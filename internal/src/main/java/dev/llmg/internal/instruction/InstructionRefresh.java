package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListenerAdapter;

import dev.llmg.internal.server.RouteContributor;

/**
 * Puts the instructions the database holds in use ({@link InstructionsInUse}), so that calls never touch the
 * database: at start-up, right after every change made on this replica, and every
 * {@code instructions.refresh_interval} while the server runs, when the shared revision moved (a change made on
 * another replica), on a daemon thread of its own. The same pattern as the grouping's refresh
 * ({@code admin.GroupingRefresh}). A database that cannot be read keeps the instructions in use; the next tick
 * tries again.
 */
@Singleton
final class InstructionRefresh extends ServerListenerAdapter implements RouteContributor, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(InstructionRefresh.class);

    /** How long start-up waits for the first read before going on without it (the ticks keep trying). */
    private static final long START_WAIT_MILLIS = 5_000;

    private final InstructionStore store;
    private final InstructionsInUse inUse;
    private final ScheduledExecutorService scheduler;
    private final long every;
    private ScheduledFuture<?> ticks;
    private long loadedRevision = -1;
    private boolean failing;

    @Inject
    InstructionRefresh(InstructionStore store, InstructionsInUse inUse, InstructionSettings settings) {
        this.store = requireNonNull(store, "store");
        this.inUse = requireNonNull(inUse, "inUse");
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "llmg-instruction-refresh");
            thread.setDaemon(true);
            return thread;
        });
        every = settings.refreshInterval().toMillis();
        final Future<?> first = scheduler.submit(this::refreshIfMoved);
        try {
            first.get(START_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            logger.warn("The instructions in the database were not read within {} ms of start-up; trying again "
                        + "every {}", START_WAIT_MILLIS, settings.refreshInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            logger.warn("The first read of the instructions in the database failed", e.getCause());
        }
    }

    /** Reads the database's instructions now and puts them in use; call it after a change this replica committed. */
    synchronized void refreshNow() {
        final InstructionStore.Snapshot snapshot = store.snapshot();
        inUse.useStored(snapshot);
        loadedRevision = snapshot.revision();
    }

    /** Joins the server as a listener, so that it ticks exactly while the server runs. */
    @Override
    public void addTo(ServerBuilder sb) {
        sb.serverListener(this);
    }

    @Override
    public synchronized void serverStarted(Server server) {
        if (ticks == null && !scheduler.isShutdown()) {
            ticks = scheduler.scheduleWithFixedDelay(this::refreshIfMoved, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void serverStopping(Server server) {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }

    /** Stops the ticks and the thread. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private synchronized void refreshIfMoved() {
        try {
            if (store.revision() != loadedRevision) {
                refreshNow();
            }
            if (failing) {
                logger.info("The instructions in the database are read again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                logger.warn("Could not read the instructions in the database; the ones in use stay until they can "
                            + "be read: {}", e.toString());
                failing = true;
            }
        }
    }
}
