package dev.llmg.internal.providers;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;

/**
 * A provider as configured: its name in the config, its type, its client, and why it cannot be used
 * when that is so (for example a missing API key), so that llmg still starts offline and says what to set.
 *
 * <p>Every provider answers chat; one whose client also implements {@link EmbeddingProvider} makes
 * embeddings too, so a provider gains a capability by implementing its small interface, not by a flag.
 */
public final class ConfiguredProvider implements AutoCloseable {

    private static final AutoCloseable NOTHING = () -> { };

    private final String name;
    private final String type;
    private final ChatProvider client;
    private final String unavailableReason;
    private final AutoCloseable resources;

    private ConfiguredProvider(String name, String type, ChatProvider client, String unavailableReason,
                               AutoCloseable resources) {
        this.name = requireNonNull(name, "name");
        this.type = requireNonNull(type, "type");
        this.client = client;
        this.unavailableReason = unavailableReason;
        this.resources = requireNonNull(resources, "resources");
    }

    /** Returns a usable provider that holds nothing to close. */
    public static ConfiguredProvider available(String name, String type, ChatProvider client) {
        return available(name, type, client, NOTHING);
    }

    /** Returns a usable provider whose {@code resources} (its connections) close with it. */
    public static ConfiguredProvider available(String name, String type, ChatProvider client, AutoCloseable resources) {
        return new ConfiguredProvider(name, type, requireNonNull(client, "client"), null, resources);
    }

    /** Returns a provider that is configured but cannot serve requests, and says why. */
    public static ConfiguredProvider unavailable(String name, String type, String reason) {
        return new ConfiguredProvider(name, type, null, requireNonNull(reason, "reason"), NOTHING);
    }

    /** Closes the provider's connections: at shutdown, or once a reload has replaced it and its calls ended. */
    @Override
    public void close() throws Exception {
        resources.close();
    }

    /** Returns the provider's name in the configuration, e.g. {@code openai}. */
    public String name() {
        return name;
    }

    /** Returns the provider's type, e.g. {@code openai} or {@code simulator}. */
    public String type() {
        return type;
    }

    /** Returns the client, or empty when the provider is unavailable. */
    public Optional<ChatProvider> client() {
        return Optional.ofNullable(client);
    }

    /** Returns the client as an embedding provider, or empty when unavailable or unable to embed. */
    public Optional<EmbeddingProvider> embeddings() {
        return client instanceof EmbeddingProvider ? Optional.of((EmbeddingProvider) client) : Optional.empty();
    }

    /** Returns why the provider cannot be used, or empty when it can. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }
}
