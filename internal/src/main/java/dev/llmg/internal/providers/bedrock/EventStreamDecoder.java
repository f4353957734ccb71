package dev.llmg.internal.providers.bedrock;

import static dev.llmg.internal.providers.json.LenientJson.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.HttpDecoder;
import com.linecorp.armeria.common.stream.StreamDecoderInput;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.internal.providers.http.ProviderErrors;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * Decodes an {@code application/vnd.amazon.eventstream} body frame by frame as its bytes arrive, leaving each
 * API only the meaning of one event: the AWS SDK's {@link MessageDecoder} cuts the bytes into frames
 * (prelude, headers, payload) and checks both CRCs; a frame of {@code :message-type exception} (a throttle or
 * a model error in the middle of the answer) or {@code error} fails the stream with the kind its type means.
 *
 * <p>Payloads are blanked of the provider's known secrets before a subclass reads them. A subclass
 * {@link #stop() stops} at its API's last event; whatever arrives after it is ignored, and a stream that ends
 * without it fails.
 */
abstract class EventStreamDecoder<T> implements HttpDecoder<T> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderErrors errors;
    private final ResponseHeaders headers;
    private final List<Message> frames = new ArrayList<>();
    private final MessageDecoder decoder = new MessageDecoder(frames::add);
    private boolean stopped;

    EventStreamDecoder(ProviderErrors errors, ResponseHeaders headers) {
        this.errors = errors;
        this.headers = headers;
    }

    @Override
    public final void process(StreamDecoderInput in, StreamDecoderOutput<T> out) {
        final byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        if (stopped) {
            return;
        }
        try {
            decoder.feed(bytes);
        } catch (RuntimeException e) { // a bad prelude or payload CRC, or an impossible length
            stopped = true;
            throw errors.invalidResponse(headers, "the event stream is corrupt: " + e.getMessage(), e);
        }
        for (Message frame : frames) {
            if (!stopped) {
                onFrame(frame, out);
            }
        }
        frames.clear();
    }

    /**
     * Fails a stream that ended before its last event (the subclass stops at it): the connection was cut
     * cleanly in the middle of the answer, or in the middle of a frame, and what arrived is not the whole answer.
     */
    @Override
    public final void processOnComplete(StreamDecoderInput in, StreamDecoderOutput<T> out) {
        if (!stopped) {
            stopped = true;
            throw errors.invalidResponse(headers, "the event stream ended before its last event", null);
        }
    }

    /** Handles one event: its {@code :event-type} and its payload as text. */
    protected abstract void onEvent(String eventType, String payload, StreamDecoderOutput<T> out);

    /** Ignores every frame after this one. */
    protected final void stop() {
        stopped = true;
    }

    /** Returns the mapper of the provider's errors. */
    protected final ProviderErrors errors() {
        return errors;
    }

    /** Returns the headers of the response being decoded. */
    protected final ResponseHeaders headers() {
        return headers;
    }

    private void onFrame(Message frame, StreamDecoderOutput<T> out) {
        final String messageType = header(frame, ":message-type");
        final String payload = errors.scrubber().scrubKeys(new String(frame.getPayload(), StandardCharsets.UTF_8));
        if ("exception".equals(messageType)) {
            stopped = true;
            throw errors.fromAwsException(header(frame, ":exception-type"), message(payload), headers);
        }
        if ("error".equals(messageType)) {
            stopped = true;
            throw errors.fromAwsException(header(frame, ":error-code"), header(frame, ":error-message"), headers);
        }
        onEvent(header(frame, ":event-type"), payload, out);
    }

    private static String header(Message frame, String name) {
        final HeaderValue value = frame.getHeaders().get(name);
        try {
            return value == null ? "" : value.getString();
        } catch (IllegalStateException | UnsupportedOperationException e) {
            return ""; // not a string header
        }
    }

    private static String message(String payload) {
        try {
            final JsonNode json = JSON.readTree(payload);
            return text(json, "message").isEmpty() ? text(json, "Message") : text(json, "message");
        } catch (IOException e) {
            return "";
        }
    }
}
