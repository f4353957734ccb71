package dev.llmg.internal.schema;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.Value;

/**
 * Finds {@code $ref} loops that never go into the value being checked: {@code {"$ref": "#"}}, or two
 * definitions that refer to each other through {@code allOf}. A validator following them would never end
 * (or overflow its stack). Recursion through a property or an item ({@code children: {items: {$ref: ...}}})
 * is fine: each step goes one level into the value, which is finite.
 *
 * <p>Only local references ({@code #} and JSON pointers such as {@code #/$defs/node}) are followed; others
 * are left to whoever resolves them.
 */
final class RefCycles {

    private static final String[] IN_PLACE_LISTS = { "allOf", "anyOf", "oneOf" };
    private static final String[] IN_PLACE = { "not", "if", "then", "else" };

    private final Value root;
    private final String rootPath;
    private final int maxChain;
    /** False while a schema is on the chain being followed, true once all its chains were followed. */
    private final Map<Value, Boolean> state = new IdentityHashMap<>();
    /** The paths of the {@code $ref}s on the chain being followed, the latest first. */
    private final Deque<String> refs = new ArrayDeque<>();

    RefCycles(Value root, String rootPath, int maxChain) {
        this.root = root;
        this.rootPath = rootPath;
        this.maxChain = maxChain;
    }

    /** Returns a loop reachable from {@code schema}, at {@code path}, if there is one. */
    Optional<Loop> from(Value schema, String path) {
        try {
            visit(schema, path, null, 0);
            return Optional.empty();
        } catch (Found found) {
            return Optional.of(found.loop);
        }
    }

    /** A loop: the path of the {@code $ref} (or subschema) where it shows, and what is wrong. */
    record Loop(String path, String message) {}

    private void visit(Value schema, String path, String via, int chain) {
        if (!schema.hasStructValue() || Boolean.TRUE.equals(state.get(schema))) {
            return;
        }
        if (state.containsKey(schema)) {
            final String ref = via != null ? via : refs.peek();
            throw new Found(ref, ref + " refers back to where it started without going into a property or an item: "
                            + "checking a value against it would never end");
        }
        if (chain > maxChain) {
            throw new Found(path, path + " is reached through more than " + maxChain
                                  + " $refs and combinators in a row");
        }
        state.put(schema, false);
        final SchemaView view = SchemaView.of(schema);
        for (String combinator : IN_PLACE_LISTS) {
            final List<Value> branches = view.branches(combinator);
            for (int i = 0; i < branches.size(); i++) {
                visit(branches.get(i), path + '.' + combinator + '[' + i + ']', null, chain + 1);
            }
        }
        for (String keyword : IN_PLACE) {
            if (view.has(keyword)) {
                visit(schema.getStructValue().getFieldsOrThrow(keyword), path + '.' + keyword, null, chain + 1);
            }
        }
        final String ref = view.text("$ref");
        if (ref.startsWith("#")) {
            final StringBuilder targetPath = new StringBuilder(rootPath);
            final Value target = resolve(ref.substring(1), targetPath);
            if (target != null) {
                refs.push(path + ".$ref");
                visit(target, targetPath.toString(), path + ".$ref", chain + 1);
                refs.pop();
            }
        }
        state.put(schema, true);
    }

    /** Follows a JSON pointer from the root; returns null when it leads nowhere. */
    private Value resolve(String pointer, StringBuilder path) {
        if (pointer.isEmpty()) {
            return root;
        }
        if (!pointer.startsWith("/")) {
            return null; // an anchor such as #node: not followed
        }
        Value at = root;
        for (String raw : pointer.substring(1).split("/", -1)) {
            final String segment;
            try {
                segment = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8)
                                    .replace("~1", "/").replace("~0", "~");
            } catch (IllegalArgumentException e) {
                return null; // a malformed %-escape
            }
            if (at.hasStructValue() && at.getStructValue().containsFields(segment)) {
                at = at.getStructValue().getFieldsOrThrow(segment);
                path.append('.').append(segment);
            } else if (at.hasListValue() && segment.matches("\\d{1,9}")
                       && Integer.parseInt(segment) < at.getListValue().getValuesCount()) {
                at = at.getListValue().getValues(Integer.parseInt(segment));
                path.append('[').append(segment).append(']');
            } else {
                return null;
            }
        }
        return at;
    }

    /** Ends the search with the loop's description. */
    private static final class Found extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Loop loop;

        Found(String path, String message) {
            super(message, null, false, false);
            this.loop = new Loop(path, message);
        }
    }
}
