package dev.llmg.cmd.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds and reads gRPC length-prefixed frames by hand (flags byte, 4-byte big-endian length, payload), so that
 * the suite can send frames no gRPC library would send, and read gRPC-Web's trailers out of a body.
 */
final class GrpcFrames {

    /** The flag of a gRPC-Web trailer frame. */
    static final int TRAILER_FLAG = 0x80;

    private GrpcFrames() {}

    /** Returns one uncompressed frame holding {@code payload}. */
    static byte[] frame(byte[] payload) {
        return frame(0, payload.length, payload);
    }

    /** Returns one frame whose flags and declared length are as given, whatever the payload's length. */
    static byte[] frame(int flags, long declaredLength, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt((int) declaredLength).put(payload)
                         .array();
    }

    /** Returns the frames one after the other. */
    static byte[] concat(byte[]... frames) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] frame : frames) {
            out.writeBytes(frame);
        }
        return out.toByteArray();
    }

    /** Holds what a body of frames carried: its data payloads and the trailers of its trailer frame, if any. */
    record Parsed(List<byte[]> messages, Map<String, String> trailers, boolean complete) {}

    /** Splits a body into frames; a frame cut short leaves {@code complete} false. */
    static Parsed parse(byte[] body) {
        final List<byte[]> messages = new ArrayList<>();
        final Map<String, String> trailers = new LinkedHashMap<>();
        final ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.remaining() >= 5) {
            final int flags = buffer.get() & 0xFF;
            final int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                return new Parsed(messages, trailers, false);
            }
            final byte[] payload = new byte[length];
            buffer.get(payload);
            if ((flags & TRAILER_FLAG) != 0) {
                for (String line : new String(payload, StandardCharsets.UTF_8).split("\r\n")) {
                    final int colon = line.indexOf(':');
                    if (colon > 0) {
                        trailers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                    }
                }
            } else {
                messages.add(payload);
            }
        }
        return new Parsed(messages, trailers, !buffer.hasRemaining());
    }

    /**
     * Decodes a gRPC-Web-text body: base64 written chunk by chunk, each chunk padded on its own, so decoded
     * four characters at a time rather than as one string.
     */
    static byte[] decodeText(String text) {
        final String clean = text.replaceAll("\\s", "");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 4 <= clean.length(); i += 4) {
            try {
                out.writeBytes(Base64.getDecoder().decode(clean.substring(i, i + 4)));
            } catch (IllegalArgumentException e) {
                break;
            }
        }
        return out.toByteArray();
    }

    /** Decodes a {@code grpc-message} value, which gRPC percent-encodes. */
    static String decodeMessage(String value) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length()) {
                try {
                    bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // Not an escape: keep the character.
                }
            }
            bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
