package dev.llmg.internal.providers;

import java.util.Optional;

import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * A provider's API key as its config section gives it, and, when it cannot be used for want of one, why.
 *
 * <p>A key that names an unset variable leaves the provider configured but unavailable rather than stopping
 * start-up, so llmg runs offline and says what to set. Every provider factory reads its key here, so that
 * the rule and its message are the same for all.
 *
 * @param value the resolved key; empty when none is configured or it resolved to nothing
 * @param missing why the provider cannot be used without a key, or empty when it can
 */
public record ProviderKey(String value, Optional<String> missing) {

    /**
     * Reads {@code api_key}; a {@code required} key must be present and non-empty, an optional one (servers
     * that need none) must only be non-empty when it is given.
     */
    public static ProviderKey read(ConfigSection section, boolean required) {
        final String value = section.secret("api_key");
        if (!value.isEmpty()) {
            return new ProviderKey(value, Optional.empty());
        }
        if (section.has("api_key")) {
            return new ProviderKey("", Optional.of(section.pathOf("api_key") + " (" + section.string("api_key", "")
                                                   + ") is empty: set it to use this provider"));
        }
        return new ProviderKey("", required ? Optional.of(section.pathOf("api_key")
                                                          + " is required, e.g. api_key: env:NAME")
                                            : Optional.empty());
    }

    /** Describes the key without printing it, so that it can be logged. */
    @Override
    public String toString() {
        return "ProviderKey[value=" + (value.isEmpty() ? "<none>" : CredentialScrubber.REDACTED) + ", missing="
               + missing + ']';
    }
}
