package dev.llmg.internal.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerListenerAdapter;

import dev.llmg.internal.config.ConfigReloader;
import dev.llmg.internal.config.ConfigWatcher;

/**
 * Watches the configuration file while the server runs ({@code server.watch_config}), so that edited
 * providers, models and routing take effect without a restart; it stops watching as the server stops.
 */
final class ConfigWatching extends ServerListenerAdapter {

    /** How long the file must stay unchanged before it is read: editors write in several steps. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    private final ConfigReloader reloader;
    private final boolean enabled;
    private Optional<ConfigWatcher> watcher = Optional.empty();

    @Inject
    ConfigWatching(ConfigReloader reloader, ServerSettings settings) {
        this.reloader = requireNonNull(reloader, "reloader");
        enabled = settings.watchConfig();
    }

    @Override
    public synchronized void serverStarted(Server server) {
        if (enabled && watcher.isEmpty()) {
            watcher = reloader.watch(SETTLE);
        }
    }

    @Override
    public synchronized void serverStopping(Server server) {
        watcher.ifPresent(ConfigWatcher::close);
        watcher = Optional.empty();
    }
}
