package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the configuration comes from, so that it can be read again when it changes: a file (with its
 * {@code config.local.yaml} and the command line's overrides), or a fixed configuration (tests, tools) that
 * never changes.
 */
public interface ConfigSource {

    /** Reads the configuration as it is now; throws {@link ConfigException} naming the key when it is bad. */
    ConfigSection load();

    /** Returns the files whose changes should reload the configuration; empty for a fixed one. */
    List<Path> files();

    /** Returns a source that reads {@code file} (and its local override) with {@code loader} each time. */
    static ConfigSource file(ConfigLoader loader, Path file, Map<String, String> overrides) {
        requireNonNull(loader, "loader");
        requireNonNull(file, "file");
        final Map<String, String> fixedOverrides = Map.copyOf(overrides);
        return new ConfigSource() {
            @Override
            public ConfigSection load() {
                return loader.load(file, fixedOverrides);
            }

            @Override
            public List<Path> files() {
                final Path absolute = file.toAbsolutePath();
                return List.of(absolute, absolute.resolveSibling(ConfigLoader.LOCAL_OVERRIDE));
            }
        };
    }

    /** Returns a source that always gives {@code config} and is never watched. */
    static ConfigSource fixed(ConfigSection config) {
        requireNonNull(config, "config");
        return new ConfigSource() {
            @Override
            public ConfigSection load() {
                return config;
            }

            @Override
            public List<Path> files() {
                return List.of();
            }
        };
    }
}
