package dev.llmg.internal.admin.catalog;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.llmg.spi.GatewayException;

/**
 * Keeps secrets out of the database, the audit and listings: a key-like field of a provider's settings
 * ({@code api_key}, {@code access_token}, anything named like a key, token, secret or password, at any depth) must
 * be an {@code env:NAME} or {@code file:PATH} reference, which providers resolve as they do config's.
 */
final class SecretFields {

    /** What a listing shows in place of a secret written literally (in config, which may hold one). */
    static final String REDACTED = "<redacted>";

    private SecretFields() {}

    /** Refuses settings holding a literal secret, naming the field (e.g. {@code provider.settings.api_key}). */
    static void requireReferences(ObjectNode settings, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> field = it.next();
            final String at = path + '.' + field.getKey();
            if (field.getValue().isObject()) {
                requireReferences((ObjectNode) field.getValue(), at);
            } else if (isSecret(field.getKey()) && !isReference(field.getValue())) {
                throw GatewayException.invalidArgument(at, at + " must be a reference to the secret, env:NAME or "
                                                           + "file:PATH, never the secret itself");
            }
        }
    }

    /** Returns a copy of {@code settings} with every secret-like field that is not a reference redacted. */
    static ObjectNode redacted(ObjectNode settings) {
        final ObjectNode copy = settings.deepCopy();
        redactInPlace(copy);
        return copy;
    }

    private static void redactInPlace(ObjectNode settings) {
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                redactInPlace((ObjectNode) field.getValue());
            } else if (isSecret(field.getKey()) && !isReference(field.getValue())) {
                field.setValue(TextNode.valueOf(REDACTED));
            }
        }
    }

    /** Returns whether a field of this name holds a credential. */
    static boolean isSecret(String key) {
        final String name = key.toLowerCase(Locale.ROOT);
        return name.equals("key") || name.endsWith("_key") || name.endsWith("token") || name.contains("secret")
               || name.contains("password") || name.equals("credentials");
    }

    private static boolean isReference(JsonNode value) {
        if (value.isNull()) {
            return true;
        }
        final String text = value.isTextual() ? value.asText().trim() : "";
        return (text.startsWith("env:") || text.startsWith("file:")) && text.indexOf(':') < text.length() - 1;
    }
}
