package dev.llmg.internal.api.json;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;

/**
 * A proto3 message with a field of every kind, built at run time, so that the reader is tested on every
 * scalar type, map keys of several types, oneofs and the well-known types, not only on the API's messages.
 */
final class AllTypes {

    /** The message {@code test.AllTypes}. */
    static final Descriptor DESCRIPTOR = build();

    private AllTypes() {}

    /** Returns the empty message, to read into. */
    static DynamicMessage empty() {
        return DynamicMessage.getDefaultInstance(DESCRIPTOR);
    }

    private static Descriptor build() {
        final DescriptorProto.Builder message = DescriptorProto.newBuilder().setName("AllTypes")
                .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"));
        int number = 1;
        for (Object[] scalar : new Object[][] {
                { "i32", Type.TYPE_INT32 }, { "i64", Type.TYPE_INT64 }, { "u32", Type.TYPE_UINT32 },
                { "u64", Type.TYPE_UINT64 }, { "s32", Type.TYPE_SINT32 }, { "s64", Type.TYPE_SINT64 },
                { "f32", Type.TYPE_FIXED32 }, { "f64", Type.TYPE_FIXED64 }, { "sf32", Type.TYPE_SFIXED32 },
                { "sf64", Type.TYPE_SFIXED64 }, { "fl", Type.TYPE_FLOAT }, { "db", Type.TYPE_DOUBLE },
                { "b", Type.TYPE_BOOL }, { "s", Type.TYPE_STRING }, { "by", Type.TYPE_BYTES },
                { "max_count", Type.TYPE_INT32 } }) {
            message.addField(field((String) scalar[0], number++, (Type) scalar[1], Label.LABEL_OPTIONAL));
        }
        message.addField(field("e", number++, Type.TYPE_ENUM, Label.LABEL_OPTIONAL).setTypeName(".test.Color"))
               .addField(field("ri", number++, Type.TYPE_INT32, Label.LABEL_REPEATED))
               .addField(field("mi", number++, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(".test.AllTypes.MiEntry"))
               .addField(field("mb", number++, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(".test.AllTypes.MbEntry"))
               .addField(field("child", number++, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(".test.AllTypes"))
               .addField(field("children", number++, Type.TYPE_MESSAGE, Label.LABEL_REPEATED).setTypeName(".test.AllTypes"))
               .addField(field("a", number++, Type.TYPE_STRING, Label.LABEL_OPTIONAL).setOneofIndex(0))
               .addField(field("n", number++, Type.TYPE_INT32, Label.LABEL_OPTIONAL).setOneofIndex(0));
        for (String[] known : new String[][] {
                { "st", ".google.protobuf.Struct" }, { "v", ".google.protobuf.Value" },
                { "lv", ".google.protobuf.ListValue" }, { "d", ".google.protobuf.Duration" },
                { "t", ".google.protobuf.Timestamp" }, { "w", ".google.protobuf.Int64Value" },
                { "ws", ".google.protobuf.StringValue" }, { "any", ".google.protobuf.Any" },
                { "fm", ".google.protobuf.FieldMask" } }) {
            message.addField(field(known[0], number++, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL).setTypeName(known[1]));
        }
        message.addField(field("nv", number++, Type.TYPE_ENUM, Label.LABEL_OPTIONAL)
                                 .setTypeName(".google.protobuf.NullValue"))
               .addField(field("vs", number, Type.TYPE_MESSAGE, Label.LABEL_REPEATED)
                                 .setTypeName(".google.protobuf.Value"))
               .addNestedType(entry("MiEntry", Type.TYPE_INT32))
               .addNestedType(entry("MbEntry", Type.TYPE_BOOL));
        final FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("test/all_types.proto").setPackage("test").setSyntax("proto3")
                .addDependency("google/protobuf/struct.proto").addDependency("google/protobuf/duration.proto")
                .addDependency("google/protobuf/timestamp.proto").addDependency("google/protobuf/wrappers.proto")
                .addDependency("google/protobuf/any.proto").addDependency("google/protobuf/field_mask.proto")
                .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("COLOR_UNSPECIFIED").setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(1))
                        .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(2)))
                .addMessageType(message).build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[] {
                    StructProto.getDescriptor(), DurationProto.getDescriptor(), TimestampProto.getDescriptor(),
                    WrappersProto.getDescriptor(), AnyProto.getDescriptor(), FieldMaskProto.getDescriptor() })
                                 .findMessageTypeByName("AllTypes");
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, Label label) {
        return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    }

    private static DescriptorProto entry(String name, Type keyType) {
        return DescriptorProto.newBuilder().setName(name)
                              .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                              .addField(field("key", 1, keyType, Label.LABEL_OPTIONAL))
                              .addField(field("value", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL))
                              .build();
    }
}
