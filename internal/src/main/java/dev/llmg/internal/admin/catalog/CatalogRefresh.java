package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListenerAdapter;

import dev.llmg.internal.auth.AuthSettings;
import dev.llmg.internal.server.RouteContributor;

/**
 * Puts other replicas' catalog changes in use here: while the server runs, every {@code auth.refresh_interval} it
 * reads the shared admin revision and, when it moved, the catalog; when that differs from the one in use, the
 * configuration is reloaded with it (the same reload as a file change). The revision also moves with key and
 * grouping changes, which leave the catalog as it was and so reload nothing. It runs on a daemon thread of its own,
 * since it blocks on the database.
 */
@Singleton
final class CatalogRefresh extends ServerListenerAdapter implements RouteContributor {

    private static final Logger logger = LoggerFactory.getLogger(CatalogRefresh.class);

    private final CatalogStore store;
    private final CatalogChanges changes;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private long seenRevision = -1;
    private String lastProblem;

    @Inject
    CatalogRefresh(CatalogStore store, CatalogChanges changes, AuthSettings auth) {
        this.store = requireNonNull(store, "store");
        this.changes = requireNonNull(changes, "changes");
        interval = auth.refreshInterval();
    }

    /** Joins the server as a listener, so that it polls exactly while the server runs. */
    @Override
    public void addTo(ServerBuilder sb) {
        sb.serverListener(this);
    }

    @Override
    public synchronized void serverStarted(Server server) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                final Thread thread = new Thread(task, "llmg-catalog-refresh");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::refresh, interval.toMillis(), interval.toMillis(),
                                             TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void serverStopping(Server server) {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    /** Reloads when the database's catalog is not the one in use; returns whether it reloaded. */
    synchronized boolean refresh() {
        try {
            final long revision = store.revision();
            if (revision == seenRevision) {
                return false;
            }
            final boolean reloaded = changes.adoptStored();
            if (reloaded) {
                logger.info("Put in use the providers and models changed in the database (revision {})", revision);
            }
            seenRevision = revision;
            lastProblem = null;
            return reloaded;
        } catch (RuntimeException e) {
            final String problem = e.getMessage();
            if (!Objects.equals(problem, lastProblem)) {
                logger.warn("Could not put the database's providers and models in use; trying again: {}", problem);
                lastProblem = problem;
            }
            return false;
        }
    }
}
