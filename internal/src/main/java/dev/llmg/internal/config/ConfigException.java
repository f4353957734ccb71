package dev.llmg.internal.config;

/**
 * Reports configuration that llmg cannot start with.
 *
 * <p>The message always names the key (as a dotted path such as {@code providers.openai.base_url}) and
 * says what is wrong with it, because a bad config is found at start-up by someone reading a terminal.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception about the key at the given path. */
    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
    }

    /** Creates an exception about the key at the given path, caused by another failure. */
    public ConfigException(String path, String problem, Throwable cause) {
        super(path.isEmpty() ? problem : path + ": " + problem, cause);
    }
}
