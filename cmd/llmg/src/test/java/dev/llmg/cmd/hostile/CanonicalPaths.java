package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;

/**
 * Lists every field path of a request message from its protobuf descriptor, so that a field added to the
 * canonical request is fuzzed without anyone listing it here.
 *
 * <p>It walks the descriptor beside a valid base request: where a repeated field has several elements, each
 * child field is reached through the first element that sets it ({@code messages[1].tool_calls} when only
 * the assistant message has tool calls), so that mutating it leaves the rest of the request valid and the
 * gateway's answer is about that field alone. {@code google.*} types (Struct) are leaves.
 */
final class CanonicalPaths {

    private CanonicalPaths() {}

    /** Returns every path of {@code base}'s message type, parents before children. */
    static List<FieldPath> of(Message base) {
        final List<FieldPath> paths = new ArrayList<>();
        final Descriptor type = base.getDescriptorForType();
        for (FieldDescriptor field : type.getFields()) {
            walk(new FieldPath(List.of(), field, FieldPath.Shape.VALUE), field, base, paths);
        }
        return paths;
    }

    private static void walk(FieldPath parent, FieldDescriptor field, Message instance, List<FieldPath> out) {
        final FieldPath at = parent.then(new FieldPath.Field(field), field, FieldPath.Shape.VALUE);
        if (field.isMapField()) {
            final FieldDescriptor value = field.getMessageType().findFieldByName("value");
            out.add(new FieldPath(at.steps(), field, FieldPath.Shape.MAP));
            out.add(at.then(new FieldPath.Key(firstKey(field, instance)), value, FieldPath.Shape.VALUE));
            return;
        }
        if (field.isRepeated()) {
            out.add(new FieldPath(at.steps(), field, FieldPath.Shape.LIST));
            out.add(at.then(new FieldPath.Index(0), field, FieldPath.Shape.VALUE));
            if (isOwnMessage(field)) {
                for (FieldDescriptor child : field.getMessageType().getFields()) {
                    final int index = firstElementSetting(field, child, instance);
                    final Message element = instance != null && index < instance.getRepeatedFieldCount(field)
                                            ? (Message) instance.getRepeatedField(field, index) : null;
                    walk(at.then(new FieldPath.Index(index), field, FieldPath.Shape.VALUE), child, element, out);
                }
            }
            return;
        }
        out.add(at);
        if (isOwnMessage(field)) {
            final Message child = instance == null ? null : (Message) instance.getField(field);
            for (FieldDescriptor grandChild : field.getMessageType().getFields()) {
                walk(at, grandChild, child, out);
            }
        }
    }

    private static boolean isOwnMessage(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
               && !field.getMessageType().getFullName().startsWith("google.");
    }

    private static int firstElementSetting(FieldDescriptor list, FieldDescriptor child, Message instance) {
        if (instance == null) {
            return 0;
        }
        for (int i = 0; i < instance.getRepeatedFieldCount(list); i++) {
            final Message element = (Message) instance.getRepeatedField(list, i);
            if (child.isRepeated() ? element.getRepeatedFieldCount(child) > 0 : element.hasField(child)) {
                return i;
            }
        }
        return 0;
    }

    private static String firstKey(FieldDescriptor map, Message instance) {
        if (instance != null && instance.getRepeatedFieldCount(map) > 0) {
            return String.valueOf(((MapEntry<?, ?>) instance.getRepeatedField(map, 0)).getKey());
        }
        return "k";
    }
}
