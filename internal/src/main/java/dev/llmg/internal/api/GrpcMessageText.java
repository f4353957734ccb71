package dev.llmg.internal.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes a {@code grpc-message} header as the gRPC protocol defines it: UTF-8, with every byte
 * outside printable ASCII, and '%', written as {@code %XX}.
 */
final class GrpcMessageText {

    private GrpcMessageText() {}

    /** Returns {@code message} percent-encoded for a {@code grpc-message} header. */
    static String encode(String message) {
        final StringBuilder encoded = new StringBuilder();
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            if (b >= ' ' && b <= '~' && b != '%') {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                       .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }

    /** Returns the text of a {@code grpc-message} header; a malformed escape is kept as it is. */
    static String decode(String header) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < header.length(); i++) {
            final char c = header.charAt(i);
            final int high = c == '%' && i + 2 < header.length() ? Character.digit(header.charAt(i + 1), 16) : -1;
            final int low = high >= 0 ? Character.digit(header.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.write(c); // a grpc-message is ASCII once encoded
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
