package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configuration again, applies every {@link ConfigOverlay} to it, and puts it in use when every
 * {@link Reloadable} concern accepts it; a bad file is refused with a log line naming the key, and the running
 * configuration stays. Changes made outside the file (an overlay's) go through {@link #change} so that they are
 * validated and applied by the very same steps.
 */
@Singleton
public final class ConfigReloader {

    private static final Logger logger = LoggerFactory.getLogger(ConfigReloader.class);

    private final ConfigSource source;
    private final Set<Reloadable> concerns;
    private final Set<ConfigOverlay> overlays;

    @Inject
    ConfigReloader(ConfigSource source, Set<Reloadable> concerns, Set<ConfigOverlay> overlays) {
        this.source = requireNonNull(source, "source");
        this.concerns = requireNonNull(concerns, "concerns");
        this.overlays = requireNonNull(overlays, "overlays");
    }

    /** Returns {@code loaded} with {@code overlays} applied in turn. */
    static ConfigSection overlaid(ConfigSection loaded, Collection<ConfigOverlay> overlays) {
        ConfigSection root = loaded;
        for (ConfigOverlay overlay : overlays) {
            root = overlay.applyTo(root);
        }
        return root;
    }

    /** Reloads now; returns whether the new configuration is in use. One reload runs at a time. */
    public synchronized boolean reload() {
        try {
            change(null, null, () -> { });
            logger.info("Reloaded the configuration from {}",
                        source.files().isEmpty() ? "its source" : source.files().get(0));
            return true;
        } catch (ConfigException e) {
            logger.warn("The configuration changed but is not valid, so the running one stays: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Reloads with {@code candidate} standing in for {@code replaced} (one of the overlays), and puts the result in
     * use only when every concern accepts it and {@code commit} (e.g. the database write that makes the candidate
     * the overlay's own) returns normally. Nothing changes when either throws: a refusal is the
     * {@link ConfigException} naming the key. Runs one at a time with file reloads, so that neither loses the
     * other's change.
     */
    public synchronized void change(ConfigOverlay replaced, ConfigOverlay candidate, Runnable commit) {
        final List<ConfigOverlay> applied = new ArrayList<>();
        for (ConfigOverlay overlay : overlays) {
            applied.add(overlay == replaced ? candidate : overlay);
        }
        final ConfigSection root = overlaid(source.load(), applied);
        final List<Reloadable.Change> prepared = new ArrayList<>();
        try {
            for (Reloadable concern : concerns) {
                prepared.add(concern.prepare(root));
            }
            commit.run();
        } catch (RuntimeException e) {
            prepared.forEach(Reloadable.Change::discard);
            throw e;
        }
        prepared.forEach(Reloadable.Change::apply);
    }

    /** Starts watching the configuration's files, reloading after each change; empty when there are none. */
    public Optional<ConfigWatcher> watch(Duration settle) {
        return source.files().isEmpty() ? Optional.empty()
                                        : Optional.of(new ConfigWatcher(source.files(), settle, this::reload));
    }
}
