package dev.llmg.internal.config;

/**
 * Adds entries kept outside the configuration file (e.g. the providers and models managed through the admin API)
 * to a loaded configuration, so that they are validated and put in use exactly as the file's own. The reloader
 * applies every overlay after each load: at start-up and on every reload, so that a changed file does not drop them.
 */
public interface ConfigOverlay {

    /** Returns {@code loaded} with this overlay's entries added; never changes {@code loaded} itself. */
    ConfigSection applyTo(ConfigSection loaded);
}
