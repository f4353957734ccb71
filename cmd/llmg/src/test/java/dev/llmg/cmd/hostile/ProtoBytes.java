package dev.llmg.cmd.hostile;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * Writes protobuf bytes no protobuf library writes: invalid UTF-8 in a string field, invalid wire types,
 * overlong varints, lengths that run past the end, and messages made of unknown fields only.
 */
final class ProtoBytes {

    private ProtoBytes() {}

    /** Returns a message of {@code type} whose first string field (depth first) holds the bytes ED A0 80. */
    static byte[] invalidUtf8In(Descriptor type) {
        final List<FieldDescriptor> path = new ArrayList<>();
        if (!findString(type, path, 0)) {
            throw new IllegalArgumentException(type.getFullName() + " has no string field");
        }
        byte[] inner = { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }; // a surrogate encoded as UTF-8: not UTF-8
        for (int i = path.size() - 1; i >= 0; i--) {
            inner = lengthDelimited(path.get(i).getNumber(), inner);
        }
        return inner;
    }

    /** Returns field 1 tagged with wire type 7, which does not exist. */
    static byte[] invalidWireType() {
        return new byte[] { (byte) ((1 << 3) | 7), 0x01 };
    }

    /** Returns field 1 as a varint of eleven bytes (ten at most are allowed). */
    static byte[] overlongVarint() {
        final byte[] bytes = new byte[12];
        bytes[0] = (byte) ((1 << 3) | 0);
        for (int i = 1; i < 11; i++) {
            bytes[i] = (byte) 0xFF;
        }
        bytes[11] = 0x01;
        return bytes;
    }

    /** Returns field 1 declaring 127 bytes but holding 3. */
    static byte[] lengthPastTheEnd() {
        return new byte[] { (byte) ((1 << 3) | 2), 0x7F, 'a', 'b', 'c' };
    }

    /** Returns a message of unknown fields only (field 9999, a varint). */
    static byte[] unknownFieldsOnly() {
        return concat(tag(9999, 0), new byte[] { 0x01 });
    }

    /** Returns {@code message} followed by an unknown field of {@code size} bytes, to cross a size limit. */
    static byte[] padded(byte[] message, int size) {
        return concat(message, lengthDelimited(9999, new byte[size]));
    }

    private static boolean findString(Descriptor type, List<FieldDescriptor> path, int depth) {
        if (depth > 6) {
            return false;
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getType() == FieldDescriptor.Type.STRING) {
                path.add(field);
                return true;
            }
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()) {
                path.add(field);
                if (findString(field.getMessageType(), path, depth + 1)) {
                    return true;
                }
                path.remove(path.size() - 1);
            }
        }
        return false;
    }

    private static byte[] lengthDelimited(int number, byte[] content) {
        return concat(tag(number, 2), varint(content.length), content);
    }

    private static byte[] tag(int number, int wireType) {
        return varint((number << 3) | wireType);
    }

    private static byte[] varint(int value) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            final CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeUInt32NoTag(value);
            coded.flush();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
