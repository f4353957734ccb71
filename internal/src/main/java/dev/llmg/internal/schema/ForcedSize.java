package dev.llmg.internal.schema;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Value;

/**
 * Estimates how many characters of JSON a schema forces on every value that fits it: minimums multiply
 * through nesting ({@code minItems} of arrays of {@code minItems}...), so three 2,000s make eight billion
 * values from a 300-byte schema.
 *
 * <p>The estimate is that of the smallest value the schema's own keywords ask for: the required
 * properties (and enough others to reach {@code minProperties}), {@code minItems} items (or
 * {@code minContains}), strings of {@code minLength}, the cheapest branch of {@code anyOf}/{@code oneOf},
 * the largest of {@code allOf}, and the cheapest of several types. It counts generously: every number as
 * {@value #NUMBER} characters, every string as at least {@value #SHORT_STRING} plus quotes. {@code $ref}
 * counts as any value (it is not followed). Whatever makes up values from the same keywords the same way
 * ({@link SchemaView}) writes no more than this.
 *
 * <p>An instance remembers the size of each subschema it met; it is not thread-safe.
 */
public final class ForcedSize {

    /** The most characters a JSON number takes, such as {@code -2.2250738585072014E-308}. */
    public static final int NUMBER = 24;

    /** The characters counted for a string with no {@code minLength}: room for any format's example. */
    public static final int SHORT_STRING = 20;

    private static final long MANY = Long.MAX_VALUE;
    private static final int MAX_DEPTH = 128;

    private final Map<Value, Long> sizes = new IdentityHashMap<>();

    /** Returns the estimate for {@code schema}, saturating at {@link Long#MAX_VALUE}. */
    public static long of(Value schema) {
        return new ForcedSize().size(schema);
    }

    /** Returns the estimate for {@code schema}, saturating at {@link Long#MAX_VALUE}. */
    public long size(Value schema) {
        return size(schema, 0);
    }

    /** Returns the branch of {@code branches} (not empty) with the smallest estimate, the first among equals. */
    public Value cheapest(List<Value> branches) {
        Value best = branches.get(0);
        for (Value branch : branches) {
            if (size(branch) < size(best)) {
                best = branch;
            }
        }
        return best;
    }

    /** Returns the type of {@code schema} (one of {@link SchemaView#types()}) with the smallest estimate. */
    public String cheapestType(Value schema) {
        final SchemaView view = SchemaView.of(schema);
        String best = null;
        long bestSize = MANY;
        for (String type : view.types()) {
            final long size = ofType(view, type, 0);
            if (best == null || size < bestSize) {
                best = type;
                bestSize = size;
            }
        }
        return best;
    }

    /**
     * Returns the path of the keyword that makes {@code schema} force more than {@code limit} characters, in
     * the innermost subschema that does so (where the multiplication crosses the limit), or empty.
     */
    public Optional<String> culprit(Value schema, String path, long limit) {
        return size(schema) <= limit ? Optional.empty() : Optional.of(blame(schema, path, limit, 0));
    }

    private String blame(Value schema, String path, long limit, int depth) {
        final SchemaView view = SchemaView.of(schema);
        if (view.constant().isPresent()) {
            return path + (view.has("const") ? ".const" : ".enum");
        }
        for (String combinator : new String[] { "anyOf", "oneOf", "allOf" }) {
            final List<Value> branches = view.branches(combinator);
            // Blame a branch of anyOf/oneOf only when every branch is too big: a small one would do.
            final boolean any = !"allOf".equals(combinator);
            if (any && (branches.isEmpty() || size(cheapest(branches), depth + 1) <= limit)) {
                continue;
            }
            for (int i = 0; i < branches.size(); i++) {
                if (size(branches.get(i), depth + 1) > limit) {
                    return blame(branches.get(i), path + '.' + combinator + '[' + i + ']', limit, depth + 1);
                }
            }
        }
        final String type = cheapestType(schema);
        if ("array".equals(type)) {
            final long count = Math.min(view.minItems(), view.leadingItems() + 1L);
            for (long i = 0; i < count; i++) {
                if (size(view.item(i), depth + 1) > limit) {
                    return blame(view.item(i), path + '.' + view.itemPath(i), limit, depth + 1);
                }
            }
            return path + (view.count("minItems", 0) >= view.minItems() ? ".minItems" : ".minContains");
        }
        if ("object".equals(type)) {
            for (Map.Entry<String, Value> property : view.requiredProperties().entrySet()) {
                if (size(property.getValue(), depth + 1) > limit) {
                    return blame(property.getValue(), path + ".properties." + property.getKey(), limit, depth + 1);
                }
            }
            return path + (view.has("minProperties") ? ".minProperties" : ".required");
        }
        return path + (view.has("minLength") ? ".minLength" : "");
    }

    private long size(Value schema, int depth) {
        if (depth > MAX_DEPTH) {
            return MANY;
        }
        final Long known = sizes.get(schema);
        if (known != null) {
            return known;
        }
        final long size = measure(schema, depth);
        sizes.put(schema, size);
        return size;
    }

    private long measure(Value schema, int depth) {
        final SchemaView view = SchemaView.of(schema);
        final Optional<Value> constant = view.constant();
        if (constant.isPresent()) {
            return JsonLength.of(constant.get());
        }
        long combined = -1;
        for (String combinator : new String[] { "anyOf", "oneOf", "allOf" }) {
            final List<Value> branches = view.branches(combinator);
            if (branches.isEmpty()) {
                continue;
            }
            // A fitting value fits one branch of anyOf/oneOf (the cheapest will do) and every branch of allOf.
            long branchesSize = "allOf".equals(combinator) ? 0 : MANY;
            for (Value branch : branches) {
                final long size = size(branch, depth + 1);
                branchesSize = "allOf".equals(combinator) ? Math.max(branchesSize, size)
                                                          : Math.min(branchesSize, size);
            }
            combined = Math.max(combined, branchesSize);
        }
        if (combined >= 0 && !view.typed()) {
            return combined;
        }
        long own = MANY;
        for (String type : view.types()) {
            own = Math.min(own, ofType(view, type, depth));
        }
        return Math.max(own, combined);
    }

    private long ofType(SchemaView view, String type, int depth) {
        switch (type) {
            case "null": return 4;
            case "boolean": return 5;
            case "integer": case "number": return NUMBER;
            case "array": return array(view, depth);
            case "object": return object(view, depth);
            default: return 2 + Math.max(view.count("minLength", 0), SHORT_STRING);
        }
    }

    private long array(SchemaView view, int depth) {
        final long count = view.minItems();
        if (count == 0) {
            return 2;
        }
        final long leading = Math.min(count, view.leadingItems());
        long total = 2 + (count - 1); // brackets and commas
        for (long i = 0; i < leading; i++) {
            total = plus(total, size(view.item(i), depth + 1));
        }
        return plus(total, times(count - leading, size(view.item(leading), depth + 1)));
    }

    private long object(SchemaView view, int depth) {
        final Map<String, Value> required = view.requiredProperties();
        long total = 2;
        long members = 0;
        for (Map.Entry<String, Value> property : required.entrySet()) {
            total = plus(total, plus(JsonLength.ofText(property.getKey()) + 1, size(property.getValue(), depth + 1)));
            members++;
        }
        final long missing = Math.max(0, view.count("minProperties", 0) - members);
        if (missing > 0 && view.closed()) {
            long added = 0;
            for (Map.Entry<String, Value> property : view.optionalProperties().entrySet()) {
                if (added++ == missing) {
                    break;
                }
                total = plus(total, plus(JsonLength.ofText(property.getKey()) + 1,
                                         size(property.getValue(), depth + 1)));
                members++;
            }
        } else if (missing > 0) {
            // Made-up names, skipping those taken: the last is at most this long.
            final long last = plus(missing, view.properties().size() + required.size());
            final long member = JsonLength.ofText(SchemaView.extraName(last)) + 1 + 4;
            total = plus(total, times(missing, member));
            members = plus(members, missing);
        }
        return plus(total, Math.max(0, members - 1));
    }

    static long plus(long a, long b) {
        return a > MANY - b ? MANY : a + b;
    }

    static long times(long a, long b) {
        return a == 0 || b == 0 ? 0 : a > MANY / b ? MANY : a * b;
    }
}
