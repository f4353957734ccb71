package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again and puts it in use when every {@link Reloadable} concern accepts it; a bad
 * file is refused with a log line naming the key, and the running configuration stays.
 */
@Singleton
public final class ConfigReloader {

    private static final Logger logger = LoggerFactory.getLogger(ConfigReloader.class);

    private final ConfigSource source;
    private final Set<Reloadable> concerns;

    @Inject
    ConfigReloader(ConfigSource source, Set<Reloadable> concerns) {
        this.source = requireNonNull(source, "source");
        this.concerns = requireNonNull(concerns, "concerns");
    }

    /** Reloads now; returns whether the new configuration is in use. One reload runs at a time. */
    public synchronized boolean reload() {
        final ConfigSection root;
        try {
            root = source.load();
        } catch (ConfigException e) {
            logger.warn("The configuration changed but is not valid, so the running one stays: {}", e.getMessage());
            return false;
        }
        final List<Reloadable.Change> prepared = new ArrayList<>();
        for (Reloadable concern : concerns) {
            try {
                prepared.add(concern.prepare(root));
            } catch (ConfigException e) {
                prepared.forEach(Reloadable.Change::discard);
                logger.warn("The configuration changed but is not valid, so the running one stays: {}",
                            e.getMessage());
                return false;
            }
        }
        prepared.forEach(Reloadable.Change::apply);
        logger.info("Reloaded the configuration from {}", source.files().isEmpty() ? "its source" : source.files().get(0));
        return true;
    }

    /** Starts watching the configuration's files, reloading after each change; empty when there are none. */
    public Optional<ConfigWatcher> watch(Duration settle) {
        return source.files().isEmpty() ? Optional.empty()
                                        : Optional.of(new ConfigWatcher(source.files(), settle, this::reload));
    }
}
