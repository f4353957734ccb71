package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * Sets one {@link FieldPath} of a valid request to a hostile value through protobuf reflection, creating the
 * elements and messages on the way, so that a well-formed message carries a value no validator should let
 * through (an enum number the enum lacks, NaN, a Struct deeper than the parser allows).
 */
final class ProtoSplice {

    private ProtoSplice() {}

    /** Returns {@code base} with {@code value} at {@code path}; for list and map paths the value is a list. */
    static Message with(Message base, FieldPath path, Object value) {
        final Message.Builder root = base.toBuilder();
        Message.Builder builder = root;
        final List<FieldPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            final FieldDescriptor field = ((FieldPath.Field) steps.get(i)).descriptor();
            final FieldPath.Step next = i + 1 < steps.size() ? steps.get(i + 1) : null;
            if (next == null) {
                builder.setField(field, value);
                break;
            }
            if (next instanceof FieldPath.Key) {
                putMapValue(builder, field, ((FieldPath.Key) next).key(), value);
                break;
            }
            if (next instanceof FieldPath.Index) {
                final int index = ((FieldPath.Index) next).index();
                while (builder.getRepeatedFieldCount(field) <= index) {
                    builder.addRepeatedField(field, defaultElement(builder, field));
                }
                if (i + 2 == steps.size()) {
                    builder.setRepeatedField(field, index, value);
                    break;
                }
                builder = builder.getRepeatedFieldBuilder(field, index);
                i++;
            } else {
                builder = builder.getFieldBuilder(field);
            }
        }
        return root.build();
    }

    /** Returns what {@code base} holds at the end of {@code steps}, or null when a message on the way is unset. */
    static Object get(Message base, List<FieldPath.Step> steps) {
        Object current = base;
        FieldDescriptor field = null;
        for (FieldPath.Step step : steps) {
            if (step instanceof FieldPath.Field) {
                field = ((FieldPath.Field) step).descriptor();
                current = ((Message) current).getField(field);
            } else if (step instanceof FieldPath.Index) {
                final List<?> list = (List<?>) current;
                final int index = ((FieldPath.Index) step).index();
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Object defaultElement(Message.Builder builder, FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
               ? builder.newBuilderForField(field).build() : field.getDefaultValue();
    }

    private static void putMapValue(Message.Builder builder, FieldDescriptor map, String key, Object value) {
        final FieldDescriptor keyField = map.getMessageType().findFieldByName("key");
        final FieldDescriptor valueField = map.getMessageType().findFieldByName("value");
        final List<Object> entries = new ArrayList<>();
        for (int i = 0; i < builder.getRepeatedFieldCount(map); i++) {
            final Message entry = (Message) builder.getRepeatedField(map, i);
            if (!key.equals(entry.getField(keyField))) {
                entries.add(entry);
            }
        }
        entries.add(builder.newBuilderForField(map).setField(keyField, key).setField(valueField, value).build());
        builder.setField(map, entries);
    }
}
