package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Mends what a schema shows to be broken in a value that read well as JSON: an object wrapped in a one-element
 * array ({@link JsonRepair#UNWRAPPED_ARRAY}), and a number or boolean written as a string
 * ({@link JsonRepair#STRING_AS_NUMBER}), the two slips models make most with a schema in front of them that a
 * caller would otherwise see as a failed answer (or pay a retry for).
 *
 * <p>Only what the schema says plainly is used: {@code type} (or {@code properties} for an object), descending
 * through {@code properties}, {@code additionalProperties}, {@code prefixItems}, {@code items}, {@code allOf} and
 * local {@code $ref}s ({@code #/$defs/..}, {@code #/definitions/..}; a ref already followed at the same value is
 * not followed again, so ref loops end). {@code anyOf}/{@code oneOf} count only when all their branches (other
 * than {@code {"type": "null"}}) want the same type. A string becomes a number only when the whole string is a
 * JSON number (an integer, for {@code integer}) and the schema does not also allow a string. Whether the result
 * fits is for {@link SchemaValidator} to say.
 */
public final class SchemaCoercion {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("-?(?:0|[1-9][0-9]*)");
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

    private SchemaCoercion() {}

    /**
     * Returns {@code read} with what {@code schema} shows to be broken mended and the repairs added; {@code read}
     * itself (never modified) when nothing needed mending.
     */
    public static TolerantJson coerce(TolerantJson read, JsonNode schema) {
        final Mending mending = new Mending(schema);
        final JsonNode mended = mending.mend(read.value().deepCopy(), schema, new HashSet<>());
        if (mending.repairs.isEmpty()) {
            return read;
        }
        final EnumSet<JsonRepair> repairs = EnumSet.noneOf(JsonRepair.class);
        repairs.addAll(read.repairs());
        repairs.addAll(mending.repairs);
        return new TolerantJson(mended, repairs);
    }

    /** One walk of a value (a private copy, mended in place) along one schema. */
    private static final class Mending {
        private final JsonNode root;
        private final EnumSet<JsonRepair> repairs = EnumSet.noneOf(JsonRepair.class);

        Mending(JsonNode root) {
            this.root = root;
        }

        /** Returns the value mended by {@code schema}: the same node mended inside, or one to put in its place. */
        JsonNode mend(JsonNode value, JsonNode schema, Set<String> refsFollowedHere) {
            if (!schema.isObject()) {
                return value;
            }
            JsonNode current = byType(value, schema);
            final JsonNode ref = schema.get("$ref");
            if (ref != null && ref.isTextual() && refsFollowedHere.add(ref.textValue())) {
                final JsonNode target = resolve(ref.textValue());
                if (target != null) {
                    current = mend(current, target, refsFollowedHere);
                }
            }
            final JsonNode allOf = schema.get("allOf");
            if (allOf != null && allOf.isArray()) {
                for (JsonNode branch : allOf) {
                    current = mend(current, branch, refsFollowedHere);
                }
            }
            descend(current, schema);
            return current;
        }

        private JsonNode byType(JsonNode value, JsonNode schema) {
            final Set<String> types = types(schema);
            final boolean wantsObject = types.contains("object") || types.isEmpty() && schema.has("properties");
            if (wantsObject && !types.contains("array") && value.isArray() && value.size() == 1
                && value.get(0).isObject()) {
                repairs.add(JsonRepair.UNWRAPPED_ARRAY);
                return value.get(0);
            }
            if (!value.isTextual() || types.contains("string")) {
                return value;
            }
            final String text = value.textValue();
            if (types.contains("integer") && INTEGER.matcher(text).matches()
                || types.contains("number") && NUMBER.matcher(text).matches()) {
                return number(text, value);
            }
            if (types.contains("boolean") && (text.equals("true") || text.equals("false"))) {
                repairs.add(JsonRepair.STRING_AS_NUMBER);
                return BooleanNode.valueOf(text.equals("true"));
            }
            return value;
        }

        /** Reads the number as Jackson would (int, long, big integer, double); a number too long to read stays text. */
        private JsonNode number(String text, JsonNode asText) {
            try {
                final JsonNode number = JSON.readTree(text);
                repairs.add(JsonRepair.STRING_AS_NUMBER);
                return number;
            } catch (JsonProcessingException tooLong) {
                return asText;
            }
        }

        private void descend(JsonNode value, JsonNode schema) {
            if (value.isObject()) {
                final ObjectNode object = (ObjectNode) value;
                final JsonNode properties = schema.path("properties");
                final JsonNode additional = schema.path("additionalProperties");
                final List<String> names = new ArrayList<>(object.size());
                object.properties().forEach(member -> names.add(member.getKey()));
                for (String name : names) {
                    final JsonNode sub = properties.has(name) ? properties.get(name) : additional;
                    final JsonNode child = object.get(name);
                    final JsonNode mended = mend(child, sub, new HashSet<>());
                    if (mended != child) {
                        object.set(name, mended);
                    }
                }
            } else if (value.isArray()) {
                final ArrayNode array = (ArrayNode) value;
                final JsonNode items = schema.path("items");
                final JsonNode prefix = schema.path("prefixItems");
                // 2020-12 tuples are prefixItems; draft-07 ones are an items array.
                final JsonNode tuple = prefix.isArray() ? prefix : items.isArray() ? items : null;
                for (int i = 0; i < array.size(); i++) {
                    final JsonNode sub = tuple != null && i < tuple.size() ? tuple.get(i) : items;
                    final JsonNode child = array.get(i);
                    final JsonNode mended = mend(child, sub, new HashSet<>());
                    if (mended != child) {
                        array.set(i, mended);
                    }
                }
            }
        }

        /** Returns the schema a local ref points at; null for any other ref, which is not followed. */
        private JsonNode resolve(String ref) {
            if (ref.equals("#")) {
                return root;
            }
            if (!ref.startsWith("#/")) {
                return null;
            }
            try {
                final JsonNode target = root.at(JsonPointer.compile(ref.substring(1)));
                return target.isMissingNode() ? null : target;
            } catch (IllegalArgumentException notAPointer) {
                return null;
            }
        }
    }

    /** Returns the types a schema asks for: its {@code type}, or the one its anyOf/oneOf branches agree on. */
    static Set<String> types(JsonNode schema) {
        final JsonNode type = schema.get("type");
        if (type != null) {
            final Set<String> types = new LinkedHashSet<>();
            if (type.isTextual()) {
                types.add(type.textValue());
            }
            for (JsonNode each : type) {
                types.add(each.asText());
            }
            return types;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            final JsonNode branches = schema.get(combinator);
            if (branches != null && branches.isArray()) {
                return agreedType(branches);
            }
        }
        return Set.of();
    }

    private static Set<String> agreedType(JsonNode branches) {
        Set<String> agreed = null;
        for (JsonNode branch : branches) {
            final Set<String> types = branch.isObject() ? types(branch) : Set.of();
            if (types.equals(Set.of("null"))) {
                continue; // a nullable field: the other branches say what the value is
            }
            if (types.isEmpty() || agreed != null && !agreed.equals(types)) {
                return Set.of();
            }
            agreed = types;
        }
        return agreed == null ? Set.of() : agreed;
    }
}
