package dev.llmg.internal.instruction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.InstructionSource;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.spi.GatewayException;

/**
 * Reads the read-only instructions of {@code instructions.dir}: one YAML file per instruction ({@code *.yaml} or
 * {@code *.yml}), named by its {@code name} key or else by the file's name, with its {@code versions} (numbered
 * 1, 2, ... in order; each as InstructionVersion in proto JSON's snake_case, a role or a response format's type
 * written short: {@code system}, {@code json_object}), its {@code labels} ({@code production: 2}) and, optionally,
 * the {@code tenant} it belongs to. Anything wrong is a {@link ConfigException} naming the file and the key.
 */
final class InstructionFiles {

    private static final Logger logger = LoggerFactory.getLogger(InstructionFiles.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("name", "tenant", "description", "labels", "versions");

    private InstructionFiles() {}

    /**
     * Reads every instruction file of {@code dir}, sorted by file name; none when {@code dir} does not exist (said
     * in the log: the shipped configuration names {@code config/instructions}, relative to where llmg runs).
     */
    static List<StoredInstruction> read(Path dir) {
        if (!Files.exists(dir)) {
            logger.warn("instructions.dir '{}' does not exist (from {}): no instructions are loaded from files", dir,
                        Path.of("").toAbsolutePath());
            return List.of();
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("instructions.dir", "'" + dir + "' is not a directory");
        }
        final List<Path> files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.filter(file -> {
                final String name = file.getFileName().toString();
                return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("instructions.dir", "cannot list '" + dir + "': " + e.getMessage());
        }
        final Map<String, StoredInstruction> read = new LinkedHashMap<>();
        for (Path file : files) {
            final StoredInstruction instruction = readFile(file);
            final String key = InstructionStore.key(instruction.tenant(), instruction.name());
            if (read.putIfAbsent(key, instruction) != null) {
                throw new ConfigException(file.toString(), "instruction '" + instruction.name()
                                                           + "' is declared by another file of " + dir + " too");
            }
        }
        return List.copyOf(read.values());
    }

    private static StoredInstruction readFile(Path file) {
        final String at = file.toString();
        final JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(at, "is not valid YAML: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(at, "must be a mapping with name, labels and versions");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext();) {
            final String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new ConfigException(at + ": " + key, "unknown key; expected one of " + KEYS);
            }
        }
        final String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        final String name = root.path("name").asText(fileName);
        if (!InstructionReference.NAME.matcher(name).matches()) {
            throw new ConfigException(at + ": name", "'" + name + "' is not an instruction name (letters, digits, "
                                                     + "'_', '-', '.')");
        }
        final JsonNode versions = root.path("versions");
        if (!versions.isArray() || versions.isEmpty()) {
            throw new ConfigException(at + ": versions", "must list at least one version");
        }
        final List<RenderableVersion> compiled = new ArrayList<>();
        for (int i = 0; i < versions.size(); i++) {
            compiled.add(version(versions.get(i), i + 1, at + ": versions[" + i + ']'));
        }
        final Map<String, Integer> labels = new LinkedHashMap<>();
        final JsonNode labelNode = root.path("labels");
        if (!labelNode.isMissingNode() && !labelNode.isObject()) {
            throw new ConfigException(at + ": labels", "must map labels to version numbers, e.g. production: 1");
        }
        labelNode.fields().forEachRemaining(entry -> {
            final JsonNode number = entry.getValue();
            if (!InstructionReference.LABEL.matcher(entry.getKey()).matches()) {
                throw new ConfigException(at + ": labels." + entry.getKey(), "is not a label (lower-case letters, "
                                                                             + "digits, '_', '-', '.')");
            }
            if (!number.canConvertToInt() || number.asInt() < 1 || number.asInt() > compiled.size()) {
                throw new ConfigException(at + ": labels." + entry.getKey(),
                                          "must be a version from 1 to " + compiled.size());
            }
            labels.put(entry.getKey(), number.asInt());
        });
        return new StoredInstruction(root.path("tenant").asText(""), name, InstructionSource.INSTRUCTION_SOURCE_FILE,
                                     compiled, labels, null);
    }

    private static RenderableVersion version(JsonNode node, int number, String at) {
        if (!node.isObject()) {
            throw new ConfigException(at, "must be a mapping (messages, model, temperature, ...)");
        }
        final ObjectNode version = ((ObjectNode) node).deepCopy();
        if (version.has("version") && version.path("version").asInt() != number) {
            throw new ConfigException(at + ".version", "must be " + number + ": versions are numbered in order");
        }
        version.remove("version");
        for (JsonNode message : version.path("messages")) {
            if (message.isObject() && message.path("role").isTextual()) {
                ((ObjectNode) message).set("role", enumName("ROLE_", message.path("role").asText()));
            }
        }
        final JsonNode format = version.path("response_format");
        if (format.isObject() && format.path("type").isTextual()) {
            ((ObjectNode) format).set("type", enumName("RESPONSE_FORMAT_TYPE_", format.path("type").asText()));
        }
        final InstructionVersion.Builder spec = InstructionVersion.newBuilder();
        try {
            JsonFormat.parser().merge(version.toString(), spec);
        } catch (InvalidProtocolBufferException e) {
            throw new ConfigException(at, e.getMessage());
        }
        try {
            return RenderableVersion.compile(spec.setVersion(number).build(), "version");
        } catch (GatewayException e) {
            throw new ConfigException(at, e.getMessage());
        }
    }

    private static TextNode enumName(String prefix, String text) {
        final String upper = text.toUpperCase(Locale.ROOT);
        return TextNode.valueOf(upper.startsWith(prefix) ? upper : prefix + upper);
    }
}
