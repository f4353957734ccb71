package dev.llmg.internal.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Loads llmg's YAML configuration once, at start-up.
 *
 * <p>The file given (by default {@code config/config.yaml}) is read first; a {@code config.local.yaml}
 * beside it, which git ignores, is merged over it so that developers can keep local changes and keys out
 * of version control. {@code ${NAME}} and {@code ${NAME:-default}} in values are replaced from the
 * environment.
 */
public final class ConfigLoader {

    /** The name of the optional override file looked for beside the main one. */
    public static final String LOCAL_OVERRIDE = "config.local.yaml";

    /** The sections llmg knows; anything else at the top level is a typo worth stopping for. */
    private static final String[] TOP_LEVEL_KEYS = { "server", "providers", "models", "routing", "limits",
                                                     "storage", "tracking", "telemetry", "logging", "auth",
                                                     "tenants", "conversations", "instructions" };

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, String> environment;

    /** Creates a loader that substitutes from the given environment (usually {@link System#getenv()}). */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = requireNonNull(environment, "environment");
    }

    /**
     * Reads the file and its local override, then applies {@code overrides} (dotted keys such as
     * {@code server.port}, from the command line), and returns the root section.
     */
    public ConfigSection load(Path file, Map<String, String> overrides) {
        final ObjectNode root = read(file);
        final Path local = file.toAbsolutePath().resolveSibling(LOCAL_OVERRIDE);
        if (!local.equals(file.toAbsolutePath()) && Files.isRegularFile(local)) {
            merge(root, read(local));
        }
        return finish(root, overrides, file.toAbsolutePath().getParent());
    }

    /** Parses YAML text (for tests), resolving {@code file:} secrets from the working directory. */
    public ConfigSection parse(String yamlText) {
        return finish(parseTree(yamlText, "the configuration text"), Map.of(), Path.of(""));
    }

    private ConfigSection finish(ObjectNode root, Map<String, String> overrides, Path baseDirectory) {
        overrides.forEach((key, value) -> set(root, key, value));
        substitute(root, "");
        final ConfigSection section = new ConfigSection("", root, new SecretResolver(environment, baseDirectory));
        section.allowOnly(TOP_LEVEL_KEYS);
        return section;
    }

    private static void set(ObjectNode root, String dottedKey, String value) {
        final String[] keys = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            final JsonNode child = node.get(keys[i]);
            node = child instanceof ObjectNode ? (ObjectNode) child : node.putObject(keys[i]);
        }
        node.put(keys[keys.length - 1], value);
    }

    private ObjectNode read(Path file) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read the configuration file " + file + ": " + e, e);
        }
        return parseTree(text, file.toString());
    }

    private ObjectNode parseTree(String text, String source) {
        final JsonNode tree;
        try {
            tree = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", source + " is not valid YAML: " + e.getOriginalMessage()
                                          + describeLocation(e), e);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return yaml.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException("", source + " must be a mapping of keys to values at the top level");
        }
        return (ObjectNode) tree;
    }

    private static String describeLocation(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                                       : " (line " + e.getLocation().getLineNr() + ", column "
                                         + e.getLocation().getColumnNr() + ')';
    }

    /** Merges {@code override} into {@code base}: mappings merge key by key, anything else replaces. */
    private static void merge(ObjectNode base, ObjectNode override) {
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> entry = it.next();
            final JsonNode existing = base.get(entry.getKey());
            if (existing instanceof ObjectNode && entry.getValue() instanceof ObjectNode) {
                merge((ObjectNode) existing, (ObjectNode) entry.getValue());
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private void substitute(JsonNode node, String path) {
        if (node instanceof ObjectNode) {
            final ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> entry = it.next();
                final String childPath = path.isEmpty() ? entry.getKey() : path + '.' + entry.getKey();
                if (entry.getValue().isTextual()) {
                    entry.setValue(TextNode.valueOf(expand(entry.getValue().asText(), childPath)));
                } else {
                    substitute(entry.getValue(), childPath);
                }
            }
        } else if (node instanceof ArrayNode) {
            final ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                final String childPath = path + '[' + i + ']';
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(expand(array.get(i).asText(), childPath)));
                } else {
                    substitute(array.get(i), childPath);
                }
            }
        }
    }

    private String expand(String text, String path) {
        final Matcher m = VARIABLE.matcher(text);
        final StringBuilder out = new StringBuilder();
        while (m.find()) {
            final String value = environment.get(m.group(1));
            final String replacement;
            if (value != null && !value.isEmpty()) {
                replacement = value;
            } else if (m.group(2) != null) {
                replacement = m.group(2);
            } else {
                throw new ConfigException(path, "environment variable " + m.group(1) + " is not set (write ${"
                                                + m.group(1) + ":-default} to give a default)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
