package dev.llmg.internal.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Writes AWS event-stream frames with the SDK's encoder, for the streams no recording shows (tool use,
 * reasoning, exceptions in the middle of an answer), in the shape ConverseStream documents.
 */
public final class EventStreamFrames {

    public static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Adds an event frame of the given {@code :event-type} with a JSON payload. */
    public EventStreamFrames event(String type, String json) {
        final Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        return add(new Message(headers, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Adds an exception frame, as Bedrock sends one in place of the next event. */
    public EventStreamFrames exception(String type, String message) {
        final Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":exception-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("exception"));
        return add(new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    /** Returns the frames written so far. */
    public byte[] bytes() {
        return bytes.toByteArray();
    }

    private EventStreamFrames add(Message message) {
        final ByteBuffer buffer = message.toByteBuffer();
        final byte[] frame = new byte[buffer.remaining()];
        buffer.get(frame);
        bytes.writeBytes(frame);
        return this;
    }
}
