package dev.llmg.internal.server;

import static java.util.Objects.requireNonNull;

import java.io.Flushable;
import java.util.Set;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.Server;

/**
 * Stops llmg in order: the server drains the calls in flight (within {@code server.graceful_shutdown}), then
 * what must flush (records written off the request path) flushes, then pools and provider connections close,
 * so that nothing a call still needs is closed under it.
 */
public final class ShutdownSequence {

    private static final Logger logger = LoggerFactory.getLogger(ShutdownSequence.class);

    private final Server server;
    private final Set<Flushable> flushables;
    private final Set<AutoCloseable> closeables;

    @Inject
    ShutdownSequence(Server server, Set<Flushable> flushables, Set<AutoCloseable> closeables) {
        this.server = requireNonNull(server, "server");
        this.flushables = requireNonNull(flushables, "flushables");
        this.closeables = requireNonNull(closeables, "closeables");
    }

    /** Runs the sequence; each step runs even if an earlier one failed. */
    public void run() {
        server.stop().join();
        for (Flushable flushable : flushables) {
            try {
                flushable.flush();
            } catch (Exception e) {
                logger.warn("Failed to flush {}", flushable, e);
            }
        }
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                logger.warn("Failed to close {}", closeable, e);
            }
        }
    }
}
