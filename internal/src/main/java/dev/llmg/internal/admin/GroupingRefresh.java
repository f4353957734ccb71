package dev.llmg.internal.admin;

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

import dev.llmg.internal.auth.AuthSettings;
import dev.llmg.internal.auth.KeyDirectory;
import dev.llmg.internal.server.RouteContributor;

/**
 * Puts what the database holds of the grouping (levels and issued keys) in use in the {@link KeyDirectory}, so
 * that calls never touch the database: at start-up, right after every change made on this replica, and every
 * {@code auth.refresh_interval} while the server runs, when the shared revision moved (a change made on another
 * replica), on a daemon thread of its own. A database that cannot be read keeps the grouping in use; the next tick tries again.
 */
@Singleton
public final class GroupingRefresh extends ServerListenerAdapter implements RouteContributor, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(GroupingRefresh.class);

    /** How long start-up waits for the first read before going on without it (the ticks keep trying). */
    private static final long START_WAIT_MILLIS = 5_000;

    private final GroupingStore store;
    private final KeyDirectory keys;
    private final ScheduledExecutorService scheduler;
    private final long every;
    private ScheduledFuture<?> ticks;
    private long loadedRevision = -1;
    private boolean failing;

    @Inject
    GroupingRefresh(GroupingStore store, KeyDirectory keys, AuthSettings settings) {
        this.store = requireNonNull(store, "store");
        this.keys = requireNonNull(keys, "keys");
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "llmg-grouping-refresh");
            thread.setDaemon(true);
            return thread;
        });
        final Future<?> first = scheduler.submit(this::refreshIfMoved);
        every = settings.refreshInterval().toMillis();
        try {
            first.get(START_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            logger.warn("The grouping in the database was not read within {} ms of start-up; going on with the "
                        + "config's and trying again every {}", START_WAIT_MILLIS, settings.refreshInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            logger.warn("The first read of the grouping in the database failed", e.getCause());
        }
    }

    /** Reads the database's grouping now and puts it in use; call it after a change this replica committed. */
    public synchronized void refreshNow() {
        final GroupingStore.Snapshot snapshot = store.snapshot();
        keys.useDatabase(LevelTrees.build(snapshot.levels()), snapshot.keys());
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
                logger.info("The grouping in the database is read again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                logger.warn("Could not read the grouping in the database; the one in use stays until it can be "
                            + "read: {}", e.toString());
                failing = true;
            }
        }
    }
}
