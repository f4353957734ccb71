package dev.llmg.cmd.hostile;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

/**
 * Puts raw JSON text at a {@link FieldPath} of a valid request body, creating the objects and arrays on the
 * way, and returns the whole body as text.
 *
 * <p>The value is spliced in as text, not as a Jackson node, because the interesting values are those a tree
 * cannot hold or print faithfully: {@code 1e400}, a lone surrogate escape, 10,000 nested arrays. When the
 * field belongs to a oneof, its siblings are removed first, so that the case is about the value and not
 * about two members set at once.
 */
final class JsonSplice {

    private static final String PLACEHOLDER = "@@hostile-value@@";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonSplice() {}

    /** Returns {@code base} with {@code rawJson} at {@code path}. */
    static String render(ObjectNode base, FieldPath path, String rawJson) {
        final ObjectNode root = base.deepCopy();
        final List<FieldPath.Step> steps = path.steps();
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            parent = child(parent, steps.get(i), steps.get(i + 1));
        }
        put(parent, steps.get(steps.size() - 1), NODES.textNode(PLACEHOLDER));
        return root.toString().replace('"' + PLACEHOLDER + '"', rawJson);
    }

    private static JsonNode child(JsonNode parent, FieldPath.Step step, FieldPath.Step next) {
        final JsonNode existing = get(parent, step);
        if (existing != null && (next instanceof FieldPath.Index ? existing.isArray() : existing.isObject())) {
            return existing;
        }
        final JsonNode created = next instanceof FieldPath.Index ? NODES.arrayNode() : NODES.objectNode();
        put(parent, step, created);
        return created;
    }

    private static JsonNode get(JsonNode parent, FieldPath.Step step) {
        if (step instanceof FieldPath.Field) {
            return parent.get(((FieldPath.Field) step).descriptor().getName());
        }
        if (step instanceof FieldPath.Index) {
            return parent.get(((FieldPath.Index) step).index());
        }
        return parent.get(((FieldPath.Key) step).key());
    }

    private static void put(JsonNode parent, FieldPath.Step step, JsonNode value) {
        if (step instanceof FieldPath.Field) {
            final FieldDescriptor field = ((FieldPath.Field) step).descriptor();
            final ObjectNode object = (ObjectNode) parent;
            final OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null) {
                for (FieldDescriptor sibling : oneof.getFields()) {
                    object.remove(sibling.getName());
                    object.remove(sibling.getJsonName());
                }
            }
            object.set(field.getName(), value);
        } else if (step instanceof FieldPath.Index) {
            final ArrayNode array = (ArrayNode) parent;
            final int index = ((FieldPath.Index) step).index();
            while (array.size() <= index) {
                array.addObject();
            }
            array.set(index, value);
        } else {
            ((ObjectNode) parent).set(((FieldPath.Key) step).key(), value);
        }
    }
}
