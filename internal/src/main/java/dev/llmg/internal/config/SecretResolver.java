package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a secret reference into the secret: {@code env:NAME} reads an environment variable,
 * {@code file:PATH} reads a file (trimmed, as mounted secrets usually end with a newline), and anything
 * else is taken literally.
 *
 * <p>References keep keys out of config files and out of version control.
 */
final class SecretResolver {

    private final Map<String, String> environment;
    private final Path baseDirectory;

    SecretResolver(Map<String, String> environment, Path baseDirectory) {
        this.environment = requireNonNull(environment, "environment");
        this.baseDirectory = requireNonNull(baseDirectory, "baseDirectory");
    }

    /**
     * Resolves the reference found at {@code path}; an unset environment variable resolves to an empty
     * string so that callers can decide whether the secret is optional.
     */
    String resolve(String path, String reference) {
        if (reference.startsWith("env:")) {
            final String name = reference.substring("env:".length()).trim();
            if (name.isEmpty()) {
                throw new ConfigException(path, "'env:' must be followed by a variable name, e.g. env:OPENAI_API_KEY");
            }
            return environment.getOrDefault(name, "").trim();
        }
        if (reference.startsWith("file:")) {
            final Path file = baseDirectory.resolve(reference.substring("file:".length()).trim());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException(path, "cannot read the secret file " + file + ": " + e.getMessage(), e);
            }
        }
        return reference;
    }
}
