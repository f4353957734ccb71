package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one mapping of the YAML configuration with typed, validated accessors.
 *
 * <p>Each subsystem reads its own section into its own immutable settings at start-up; every accessor
 * reports a bad value with the key's full path, so that the person starting llmg knows what to fix.
 */
public final class ConfigSection {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kib|kb|mib|mb|gib|gb)?");

    private final String path;
    private final ObjectNode node;
    private final SecretResolver secrets;

    ConfigSection(String path, ObjectNode node, SecretResolver secrets) {
        this.path = requireNonNull(path, "path");
        this.node = requireNonNull(node, "node");
        this.secrets = requireNonNull(secrets, "secrets");
    }

    /** Returns this section's dotted path, empty for the root. */
    public String path() {
        return path;
    }

    /** Returns the full path of a key of this section, for messages. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + '.' + key;
    }

    /** Returns whether {@code other} holds exactly the same keys and values (e.g. a provider unchanged by a reload). */
    public boolean sameAs(ConfigSection other) {
        return node.equals(other.node);
    }

    /** Returns a copy of this section's tree, to build a changed configuration from (see {@link ConfigOverlay}). */
    public ObjectNode tree() {
        return node.deepCopy();
    }

    /**
     * Returns a section at this one's path over {@code tree} (e.g. this one's {@link #tree()} with entries added),
     * which resolves {@code env:} and {@code file:} secret references as this one does.
     */
    public ConfigSection withTree(ObjectNode tree) {
        return new ConfigSection(path, tree.deepCopy(), secrets);
    }

    /** Returns whether the key is present (and not null). */
    public boolean has(String key) {
        return node.hasNonNull(key);
    }

    /** Fails when the section holds a key not in {@code allowed}, which catches typos at start-up. */
    public void allowOnly(String... allowed) {
        final Set<String> known = new TreeSet<>(List.of(allowed));
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            final String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(pathOf(key), "unknown key; expected one of " + known);
            }
        }
    }

    /** Returns the text at {@code key}, or the default when absent. */
    public String string(String key, String defaultValue) {
        final JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isValueNode()) {
            throw new ConfigException(pathOf(key), "must be a single value, not a " + value.getNodeType());
        }
        return value.asText();
    }

    /** Returns the non-empty text at {@code key}, failing when it is absent. */
    public String requiredString(String key) {
        final String value = string(key, "");
        if (value.isBlank()) {
            throw new ConfigException(pathOf(key), "is required");
        }
        return value;
    }

    /** Returns {@code true} or {@code false} at {@code key}, or the default when absent. */
    public boolean bool(String key, boolean defaultValue) {
        final String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw new ConfigException(pathOf(key), "must be true or false, not '" + text + '\'');
        }
    }

    /** Returns the whole number at {@code key} within [min, max], or the default when absent. */
    public int integer(String key, int defaultValue, int min, int max) {
        final String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        final int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(pathOf(key), "must be a whole number, not '" + text + '\'');
        }
        if (value < min || value > max) {
            throw new ConfigException(pathOf(key), "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** Returns the duration at {@code key} (e.g. {@code 250ms}, {@code 2s}, {@code 1m}, or ISO-8601). */
    public Duration duration(String key, Duration defaultValue) {
        final String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        return DurationText.parse(text).orElseThrow(() -> new ConfigException(pathOf(key), DurationText.expected(text)));
    }

    /** Returns the size in bytes at {@code key} (e.g. {@code 1MiB}, {@code 512KiB}, {@code 1024}). */
    public long bytes(String key, long defaultValue) {
        final String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        final Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(pathOf(key), "must be a size such as 1MiB, 512KiB or 1024, not '" + text + '\'');
        }
        final long amount = Long.parseLong(m.group(1));
        final String unit = m.group(2) == null ? "b" : m.group(2);
        switch (unit) {
            case "kib": case "kb": return amount * 1024;
            case "mib": case "mb": return amount * 1024 * 1024;
            case "gib": case "gb": return amount * 1024 * 1024 * 1024;
            default: return amount;
        }
    }

    /**
     * Binds the value at {@code key} to an immutable record (see {@link ConfigBinder}); returns
     * {@code defaultValue} when the key is absent.
     */
    public <T> T bind(String key, Class<T> type, T defaultValue) {
        final JsonNode value = node.get(key);
        return value == null || value.isNull() ? defaultValue : ConfigBinder.bind(value, pathOf(key), type);
    }

    /**
     * Returns the secret at {@code key}, resolving {@code env:NAME} and {@code file:PATH} references;
     * empty when the key is absent or names an unset variable.
     */
    public String secret(String key) {
        final String reference = string(key, "");
        return reference.isEmpty() ? "" : secrets.resolve(pathOf(key), reference);
    }

    /**
     * Resolves a secret {@code reference} ({@code env:NAME}, {@code file:PATH}) found at config path {@code at}, e.g.
     * an item of a list; empty when it names an unset variable.
     */
    public String resolveSecret(String at, String reference) {
        return secrets.resolve(at, reference);
    }

    /** Returns the nested mapping at {@code key}, if present. */
    public Optional<ConfigSection> section(String key) {
        final JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new ConfigException(pathOf(key), "must be a mapping of keys to values");
        }
        return Optional.of(new ConfigSection(pathOf(key), (ObjectNode) value, secrets));
    }

    /** Returns the nested mapping at {@code key}, or an empty section when absent. */
    public ConfigSection sectionOrEmpty(String key) {
        return section(key).orElseGet(() -> new ConfigSection(pathOf(key), node.objectNode(), secrets));
    }

    /** Returns the mappings under {@code key} by name, in file order (e.g. {@code providers.<name>}). */
    public Map<String, ConfigSection> namedSections(String key) {
        final Map<String, ConfigSection> result = new LinkedHashMap<>();
        final ConfigSection parent = sectionOrEmpty(key);
        for (Iterator<String> it = parent.node.fieldNames(); it.hasNext();) {
            final String name = it.next();
            result.put(name, parent.section(name).orElseThrow(
                    () -> new ConfigException(parent.pathOf(name), "must be a mapping of keys to values")));
        }
        return result;
    }

    /** Returns the mapping of names to texts at {@code key} (e.g. {@code deployments}), in file order. */
    public Map<String, String> stringMap(String key) {
        final Map<String, String> result = new LinkedHashMap<>();
        final ConfigSection parent = sectionOrEmpty(key);
        for (Iterator<String> it = parent.node.fieldNames(); it.hasNext();) {
            final String name = it.next();
            if (!parent.node.get(name).isValueNode()) {
                throw new ConfigException(parent.pathOf(name), "must be a text");
            }
            result.put(name, parent.node.get(name).asText());
        }
        return result;
    }

    /** Returns the list of mappings at {@code key} (e.g. {@code models}), empty when absent. */
    public List<ConfigSection> list(String key) {
        final JsonNode value = node.get(key);
        final List<ConfigSection> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(pathOf(key), "must be a list");
        }
        for (int i = 0; i < value.size(); i++) {
            final String itemPath = pathOf(key) + '[' + i + ']';
            if (!value.get(i).isObject()) {
                throw new ConfigException(itemPath, "must be a mapping of keys to values");
            }
            result.add(new ConfigSection(itemPath, (ObjectNode) value.get(i), secrets));
        }
        return result;
    }

    /** Returns the list of strings at {@code key}, empty when absent. */
    public List<String> strings(String key) {
        final JsonNode value = node.get(key);
        final List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(pathOf(key), "must be a list of strings");
        }
        value.forEach(item -> result.add(item.asText()));
        return result;
    }
}
