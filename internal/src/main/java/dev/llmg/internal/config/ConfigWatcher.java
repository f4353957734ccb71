package dev.llmg.internal.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches configuration files and runs a reload once they have stopped changing for a moment: editors and
 * deployment tools write a file in several steps (truncate, write, rename), and reading it half-written would
 * be refused for no reason.
 *
 * <p>It watches the files' directories with the JDK's {@link WatchService} (inotify on Linux) on a daemon
 * thread of its own, so nothing on the request path waits for it.
 */
public final class ConfigWatcher implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ConfigWatcher.class);

    private final WatchService watcher;
    private final Set<Path> files;
    private final Duration settle;
    private final Runnable reload;
    private final Thread thread;

    /**
     * Starts watching {@code files}; {@code reload} runs on the watcher's thread after a change, once no further
     * change came for {@code settle}.
     */
    public ConfigWatcher(List<Path> files, Duration settle, Runnable reload) {
        this.files = new HashSet<>();
        this.settle = settle;
        this.reload = reload;
        try {
            watcher = FileSystems.getDefault().newWatchService();
            final Set<Path> directories = new HashSet<>();
            for (Path file : files) {
                final Path absolute = file.toAbsolutePath().normalize();
                this.files.add(absolute);
                directories.add(absolute.getParent());
            }
            for (Path directory : directories) {
                directory.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch the configuration files " + files, e);
        }
        thread = new Thread(this::watch, "llmg-config-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        try {
            while (true) {
                if (!changed(watcher.take())) {
                    continue;
                }
                // Wait until the files are quiet, swallowing the rest of a multi-step write.
                WatchKey next;
                while ((next = watcher.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    changed(next);
                }
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    logger.warn("Reloading the configuration failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: stop watching.
        }
    }

    /** Returns whether the key's events touch a watched file, and re-arms the key. */
    private boolean changed(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path) {
                ours |= files.contains(((Path) key.watchable()).resolve((Path) event.context()).normalize());
            }
        }
        key.reset();
        return ours;
    }

    /** Stops watching. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            logger.debug("Closing the configuration watcher failed", e);
        }
        thread.interrupt();
    }
}
