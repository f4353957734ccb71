package dev.llmg.internal.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import com.google.protobuf.Value;

/**
 * Reads the keywords of one schema object that decide which values fit it and how big the smallest is,
 * the same way for {@link ForcedSize} and for whatever makes such values (the simulator), so that the two
 * agree on what a schema forces.
 *
 * <p>A boolean schema, or anything else that is not an object, reads as a schema without keywords.
 */
public final class SchemaView {

    /** The schema any value fits ({@code true}): what an array item or a property without a schema gets. */
    public static final Value ANY = Value.newBuilder().setBoolValue(true).build();

    private static final long MANY = Long.MAX_VALUE;

    private final Map<String, Value> fields;

    private SchemaView(Map<String, Value> fields) {
        this.fields = fields;
    }

    /** Returns the view of {@code schema}. */
    public static SchemaView of(Value schema) {
        return new SchemaView(schema.hasStructValue() ? schema.getStructValue().getFieldsMap() : Map.of());
    }

    /** Returns whether the schema has {@code keyword}. */
    public boolean has(String keyword) {
        return fields.containsKey(keyword);
    }

    /** Returns the value of {@code const}, else the first of {@code enum}: a schema that names its values. */
    public Optional<Value> constant() {
        if (fields.containsKey("const")) {
            return Optional.of(fields.get("const"));
        }
        final List<Value> values = list("enum");
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Returns whether the schema says what it is ({@code type} or {@code properties}) besides any combinators. */
    public boolean typed() {
        return fields.containsKey("type") || fields.containsKey("properties");
    }

    /** Returns the schemas of {@code anyOf}, {@code oneOf} or {@code allOf}; empty when absent or malformed. */
    public List<Value> branches(String combinator) {
        return list(combinator);
    }

    /** Returns the declared types, or the inferred one: {@code object} with properties, else {@code string}. */
    public List<String> types() {
        final Value type = fields.get("type");
        final List<String> types = new ArrayList<>();
        if (type != null && type.hasStringValue()) {
            types.add(type.getStringValue());
        } else if (type != null && type.hasListValue()) {
            type.getListValue().getValuesList().stream().filter(Value::hasStringValue)
                .forEach(name -> types.add(name.getStringValue()));
        }
        if (types.isEmpty()) {
            types.add(fields.containsKey("properties") ? "object" : "string");
        }
        return types;
    }

    /** Returns the finite number at {@code keyword}, if there is one. */
    public OptionalDouble number(String keyword) {
        final Value value = fields.get(keyword);
        return value != null && value.hasNumberValue() && Double.isFinite(value.getNumberValue())
               ? OptionalDouble.of(value.getNumberValue()) : OptionalDouble.empty();
    }

    /** Returns the text at {@code keyword}, or an empty string. */
    public String text(String keyword) {
        final Value value = fields.get(keyword);
        return value != null && value.hasStringValue() ? value.getStringValue() : "";
    }

    /** Returns the whole count at {@code keyword} (rounded up, saturating), or {@code absent}. */
    public long count(String keyword, long absent) {
        final OptionalDouble value = number(keyword);
        if (value.isEmpty()) {
            return absent;
        }
        final double count = Math.ceil(value.getAsDouble());
        return count <= 0 ? 0 : count >= MANY ? MANY : (long) count;
    }

    /** Returns how many items an array must hold: {@code minItems}, or {@code minContains} with {@code contains}. */
    public long minItems() {
        final long contains = fields.containsKey("contains") ? count("minContains", 1) : 0;
        return Math.max(count("minItems", 0), contains);
    }

    /** Returns how many leading items have schemas of their own ({@code prefixItems}, or {@code items} as a list). */
    public int leadingItems() {
        final Value items = fields.get("items");
        return Math.max(list("prefixItems").size(), items != null && items.hasListValue()
                                                    ? items.getListValue().getValuesCount() : 0);
    }

    /** Returns the schema of the array item at {@code index}. */
    public Value item(long index) {
        final String keyword = itemKeyword(index);
        if (keyword == null) {
            return ANY;
        }
        final Value value = fields.get(keyword);
        return value.hasListValue() ? value.getListValue().getValues((int) index) : value;
    }

    /**
     * Returns the keyword that holds the schema of the item at {@code index}, with its position for lists
     * ({@code prefixItems[0]}, {@code items}, {@code contains}...), or null when no keyword does.
     */
    public String itemPath(long index) {
        final String keyword = itemKeyword(index);
        return keyword == null ? null : fields.get(keyword).hasListValue() ? keyword + '[' + index + ']' : keyword;
    }

    private String itemKeyword(long index) {
        if (index < list("prefixItems").size()) {
            return "prefixItems";
        }
        final Value items = fields.get("items");
        if (items != null && items.hasListValue()) {
            if (index < items.getListValue().getValuesCount()) {
                return "items";
            }
            return fields.containsKey("additionalItems") ? "additionalItems" : null;
        }
        if (items != null) {
            return "items";
        }
        return fields.containsKey("contains") ? "contains" : null;
    }

    /** Returns the schemas of {@code properties}, in the order the caller wrote them. */
    public Map<String, Value> properties() {
        final Value properties = fields.get("properties");
        return properties != null && properties.hasStructValue() ? properties.getStructValue().getFieldsMap()
                                                                 : Map.of();
    }

    /**
     * Returns the properties every fitting object must hold, with their schemas: the required ones in the
     * order of {@code properties}, then required names without a schema ({@link #ANY}).
     */
    public Map<String, Value> requiredProperties() {
        final Set<String> required = new LinkedHashSet<>();
        list("required").stream().filter(Value::hasStringValue).forEach(name -> required.add(name.getStringValue()));
        final Map<String, Value> result = new LinkedHashMap<>();
        properties().forEach((name, schema) -> {
            if (required.contains(name)) {
                result.put(name, schema);
            }
        });
        required.forEach(name -> result.putIfAbsent(name, ANY));
        return result;
    }

    /**
     * Returns the listed properties that are not required, in order: what fills a closed object up to
     * {@code minProperties}.
     */
    public Map<String, Value> optionalProperties() {
        final Map<String, Value> required = requiredProperties();
        final Map<String, Value> result = new LinkedHashMap<>();
        properties().forEach((name, schema) -> {
            if (!required.containsKey(name)) {
                result.put(name, schema);
            }
        });
        return result;
    }

    /** Returns the name of the {@code n}th made-up property that fills an open object up to {@code minProperties}. */
    public static String extraName(long n) {
        return "extra_" + n;
    }

    /** Returns whether properties other than those listed are refused ({@code additionalProperties: false}). */
    public boolean closed() {
        final Value additional = fields.get("additionalProperties");
        return additional != null && additional.hasBoolValue() && !additional.getBoolValue();
    }

    private List<Value> list(String keyword) {
        final Value value = fields.get(keyword);
        return value != null && value.hasListValue() ? value.getListValue().getValuesList() : List.of();
    }
}
