package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * A place in a protobuf request, step by step ({@code messages}, {@code [1]}, {@code tool_calls}, ...), and what
 * sits there: one value, a whole repeated field, or a whole map. Steps name fields by their proto names, as
 * the request's JSON may spell them.
 *
 * @param steps the way from the root message
 * @param field the field at the end (for a map value: the map entry's value field)
 * @param shape what the path designates
 */
record FieldPath(List<Step> steps, FieldDescriptor field, Shape shape) {

    /** What a path designates. */
    enum Shape {
        /** One value: a singular field, an element of a repeated field, or a map value. */
        VALUE,
        /** A repeated field as a whole. */
        LIST,
        /** A map field as a whole. */
        MAP
    }

    /** One step of a path. */
    sealed interface Step permits Field, Index, Key {}

    /** Goes into a field. */
    record Field(FieldDescriptor descriptor) implements Step {}

    /** Goes into an element of the repeated field of the previous step. */
    record Index(int index) implements Step {}

    /** Goes into a value of the map field of the previous step. */
    record Key(String key) implements Step {}

    /** Returns whether the value sits in a list, where JSON null is no "unset" but a bad element. */
    boolean inList() {
        return shape == Shape.VALUE && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Index;
    }

    /** Returns whether the path designates a {@code google.protobuf.Struct}, e.g. a JSON Schema. */
    boolean isStruct() {
        return shape == Shape.VALUE && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
               && "google.protobuf.Struct".equals(field.getMessageType().getFullName());
    }

    /** Returns a path one step longer. */
    FieldPath then(Step step, FieldDescriptor field, Shape shape) {
        final List<Step> longer = new ArrayList<>(steps);
        longer.add(step);
        return new FieldPath(List.copyOf(longer), field, shape);
    }

    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder();
        for (Step step : steps) {
            if (step instanceof Field) {
                text.append(text.length() == 0 ? "" : ".").append(((Field) step).descriptor().getName());
            } else if (step instanceof Index) {
                text.append('[').append(((Index) step).index()).append(']');
            } else {
                text.append('.').append(((Key) step).key());
            }
        }
        return text.toString();
    }
}
