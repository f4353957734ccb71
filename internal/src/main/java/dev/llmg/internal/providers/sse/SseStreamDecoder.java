package dev.llmg.internal.providers.sse;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.stream.HttpDecoder;
import com.linecorp.armeria.common.stream.StreamDecoderInput;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;

import dev.llmg.internal.secrets.CredentialScrubber;

/**
 * Decodes a provider's Server-Sent Events body event by event, as its bytes arrive, leaving each provider
 * only the meaning of one event.
 *
 * <p>Once a subclass has {@link #stop() stopped} (the provider said it is done, or failed), whatever else
 * arrives is ignored.
 */
public abstract class SseStreamDecoder<T> implements HttpDecoder<T> {

    private final SseParser parser = new SseParser();
    private final CredentialScrubber keys;
    private boolean stopped;

    /**
     * Creates a decoder that blanks the provider's own key wherever an event carries it (a misbehaving server
     * may echo it in an answer's id or text), before the subclass reads the event.
     */
    protected SseStreamDecoder(CredentialScrubber keys) {
        this.keys = requireNonNull(keys, "keys");
    }

    @Override
    public final void process(StreamDecoderInput in, StreamDecoderOutput<T> out) {
        final byte[] bytes = new byte[in.readableBytes()];
        in.readBytes(bytes);
        if (!stopped) {
            parser.feed(bytes, event -> dispatch(event, out));
        }
    }

    @Override
    public final void processOnComplete(StreamDecoderInput in, StreamDecoderOutput<T> out) {
        if (!stopped) {
            parser.finish(event -> dispatch(event, out)); // a last event without its blank line still counts
        }
    }

    /** Handles one complete event of the stream. */
    protected abstract void onEvent(SseEvent event, StreamDecoderOutput<T> out);

    /** Ignores every event after this one. */
    protected final void stop() {
        stopped = true;
    }

    private void dispatch(SseEvent event, StreamDecoderOutput<T> out) {
        if (!stopped) {
            final String data = keys.scrubKeys(event.data());
            onEvent(data == event.data() ? event : new SseEvent(event.event(), data, event.id()), out);
        }
    }
}
