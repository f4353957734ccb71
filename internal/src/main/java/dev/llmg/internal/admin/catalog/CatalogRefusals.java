package dev.llmg.internal.admin.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Turns what the reload said of a candidate configuration into the admin API's answer. A refusal of the changed
 * entry itself (its key's path is {@code providers.<name>...} or its place in {@code models}) is INVALID_ARGUMENT
 * naming the request's field; a refusal elsewhere (e.g. a config model naming a provider being deleted) is
 * FAILED_PRECONDITION, since the entry is fine but the configuration around it would break.
 */
final class CatalogRefusals {

    private static final Pattern MODEL_PATH = Pattern.compile("models\\[(\\d+)]\\.?([^:]*): (.*)", Pattern.DOTALL);

    private CatalogRefusals() {}

    /** Returns the answer for {@code refusal} of a change to {@code kind}'s entry {@code name}. */
    static GatewayException of(ConfigException refusal, CatalogKind kind, String name,
                               CatalogOverlay.CandidateOverlay candidate) {
        final String message = refusal.getMessage();
        final String field = fieldOf(message, kind, name, candidate);
        if (field != null) {
            return new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_argument", field, message, null);
        }
        return new GatewayException(ErrorKind.FAILED_PRECONDITION, "failed_precondition", "",
                                    "the configuration would not be valid with this change: " + message, null);
    }

    /** Returns the request's field the refusal is about, or null when it is about another entry. */
    private static String fieldOf(String message, CatalogKind kind, String name,
                                  CatalogOverlay.CandidateOverlay candidate) {
        if (kind == CatalogKind.PROVIDER) {
            final String prefix = "providers." + name;
            if (message.startsWith(prefix + ": ")) {
                return "provider.settings";
            }
            final int end = message.indexOf(": ");
            if (message.startsWith(prefix + '.') && end > prefix.length()) {
                return "provider.settings." + message.substring(prefix.length() + 1, end);
            }
            return null;
        }
        final Matcher m = MODEL_PATH.matcher(message);
        if (m.matches() && name.equals(candidate.modelAt(Integer.parseInt(m.group(1))))) {
            return m.group(2).isEmpty() ? "model.settings" : "model.settings." + m.group(2);
        }
        return null;
    }
}
