package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/**
 * The semantically bad values of one field of a well-formed protobuf request, as a gRPC client can send them:
 * enum numbers the enum lacks, NaN and infinities, extreme whole numbers, huge text, 10,000 repetitions, and
 * Structs holding NaN or nested deeper than protobuf's parser allows. NaN, infinities, unknown enum numbers and
 * over-deep Structs must be refused; the rest may be answered or refused.
 */
final class BinaryMutations {

    /** One bad value: its name, the value (a list for list and map paths), and what it may get. */
    record BinaryMutation(String name, Object value, Expectation expectation) {}

    private BinaryMutations() {}

    /** Returns the mutations of the field at {@code path} of {@code base}. */
    static List<BinaryMutation> of(FieldPath path, Message base) {
        final List<BinaryMutation> out = new ArrayList<>();
        final FieldDescriptor field = path.field();
        if (path.shape() == FieldPath.Shape.LIST) {
            final Object element = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                                   ? firstElement(base, path) : sample(field);
            out.add(either("10,000 elements", Collections.nCopies(10_000, element)));
            return out;
        }
        if (path.shape() == FieldPath.Shape.MAP) {
            final List<Object> entries = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                entries.add(DynamicMessage.newBuilder(field.getMessageType())
                                .setField(field.getMessageType().findFieldByName("key"), "k" + i)
                                .setField(field.getMessageType().findFieldByName("value"), "v").build());
            }
            out.add(either("10,000 entries", entries));
            return out;
        }
        if (path.isStruct()) {
            out.add(refused("NaN in the Struct", Struct.newBuilder().putFields("minimum", number(Double.NaN)).build()));
            out.add(refused("Infinity in the Struct",
                            Struct.newBuilder().putFields("maximum", number(Double.POSITIVE_INFINITY)).build()));
            out.add(either("Struct nested 25 levels deep", nested(25)));
            out.add(refused("Struct nested 200 levels deep (beyond protobuf's recursion limit)", nested(200)));
            return out;
        }
        switch (field.getJavaType()) {
            case ENUM:
                out.add(refused("unknown enum number 99", field.getEnumType().findValueByNumberCreatingIfUnknown(99)));
                out.add(refused("negative enum number", field.getEnumType().findValueByNumberCreatingIfUnknown(-1)));
                break;
            case DOUBLE:
                out.add(refused("NaN", Double.NaN));
                out.add(refused("Infinity", Double.POSITIVE_INFINITY));
                out.add(refused("-Infinity", Double.NEGATIVE_INFINITY));
                out.add(either("Double.MAX_VALUE", Double.MAX_VALUE));
                break;
            case INT:
                out.add(either("Integer.MIN_VALUE", Integer.MIN_VALUE));
                out.add(either("Integer.MAX_VALUE", Integer.MAX_VALUE));
                break;
            case LONG:
                out.add(either("Long.MIN_VALUE", Long.MIN_VALUE));
                out.add(either("Long.MAX_VALUE", Long.MAX_VALUE));
                break;
            case STRING:
                out.add(either("200,000 characters", "a".repeat(200_000)));
                out.add(either("control characters", "\u0000\u0007\u001b[31m\r\nINFO forged log line"));
                break;
            case MESSAGE:
                out.add(either("empty message", DynamicMessage.getDefaultInstance(field.getMessageType())));
                break;
            default:
                break; // booleans have no bad values
        }
        return out;
    }

    /** Returns the first element of the list at {@code path} in {@code base}, or an empty element. */
    private static Object firstElement(Message base, FieldPath path) {
        final Object list = ProtoSplice.get(base, path.steps());
        if (list instanceof List && !((List<?>) list).isEmpty()) {
            return ((List<?>) list).get(0);
        }
        return DynamicMessage.getDefaultInstance(path.field().getMessageType());
    }

    private static Object sample(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.STRING ? "x" : field.getDefaultValue();
    }

    private static Struct nested(int depth) {
        Struct struct = Struct.newBuilder().putFields("type", Value.newBuilder().setStringValue("string").build()).build();
        for (int i = 0; i < depth; i++) {
            struct = Struct.newBuilder()
                           .putFields("type", Value.newBuilder().setStringValue("object").build())
                           .putFields("properties", Value.newBuilder().setStructValue(Struct.newBuilder().putFields(
                                   "a", Value.newBuilder().setStructValue(struct).build())).build())
                           .build();
        }
        return struct;
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static BinaryMutation refused(String name, Object value) {
        return new BinaryMutation(name, value, Expectation.REFUSAL);
    }

    private static BinaryMutation either(String name, Object value) {
        return new BinaryMutation(name, value, Expectation.ANSWER_OR_REFUSAL);
    }
}
