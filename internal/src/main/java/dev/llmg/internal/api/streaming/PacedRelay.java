package dev.llmg.internal.api.streaming;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.netty.util.concurrent.EventExecutor;

/**
 * Relays a stream to a {@link Sink} one piece at a time, asking for the next piece only once the sink says
 * the previous one left, so that a slow reader slows the provider down instead of filling a buffer.
 *
 * <p>What "left" means is the sink's business; both adapters use {@link
 * com.linecorp.armeria.common.stream.StreamWriter#whenConsumed()} of their response, which Armeria completes
 * when its response subscriber took the piece, and that subscriber asks for the next one only after the
 * previous write reached the socket. So at most one piece waits in the gateway per stream, plus what the
 * kernel's socket buffers hold.
 *
 * <p>Every callback runs on one event loop, the connection's, so neither the relay nor its sink needs
 * locks. {@link #cancel()} stops the stream, which cancels the provider call.
 */
public final class PacedRelay<T> implements Subscriber<T> {

    /** Takes the pieces somewhere (an HTTP response, a WebSocket); the relay calls it on its event loop only. */
    public interface Sink<T> {

        /** Writes one piece; the future completes once the transport took it, and fails when it is gone. */
        CompletableFuture<?> write(T piece);

        /** Ends the output after the last piece. */
        void complete();

        /** Ends the output with the stream's failure (a {@code GatewayException} when llmg knows it). */
        void fail(Throwable cause);
    }

    private final Sink<T> sink;
    private final EventExecutor eventLoop;
    private Subscription subscription;
    private boolean done;

    /**
     * Creates a relay to {@code sink} whose callbacks run on {@code eventLoop}; subscribe it to the stream
     * with that same event loop ({@code stream.subscribe(relay, eventLoop)}).
     */
    public PacedRelay(Sink<T> sink, EventExecutor eventLoop) {
        this.sink = requireNonNull(sink, "sink");
        this.eventLoop = requireNonNull(eventLoop, "eventLoop");
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        if (done) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(T piece) {
        if (done) {
            return;
        }
        final CompletableFuture<?> written;
        try {
            written = sink.write(piece);
        } catch (RuntimeException e) {
            // A piece that cannot be written is a bug; the caller hears an INTERNAL error, not silence.
            cancel();
            sink.fail(e);
            return;
        }
        written.whenComplete((unused, cause) -> onEventLoop(() -> {
            if (cause != null) {
                cancel(); // the reader is gone: stop the provider too
            } else if (!done) {
                subscription.request(1);
            }
        }));
    }

    @Override
    public void onError(Throwable cause) {
        if (!done) {
            done = true;
            sink.fail(cause);
        }
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            sink.complete();
        }
    }

    /**
     * Stops relaying and cancels the stream, which cancels the provider call; the sink hears nothing more.
     * Safe to call from any thread and more than once.
     */
    public void cancel() {
        onEventLoop(() -> {
            done = true;
            if (subscription != null) {
                subscription.cancel();
            }
        });
    }

    private void onEventLoop(Runnable task) {
        if (eventLoop.inEventLoop()) {
            task.run();
        } else {
            eventLoop.execute(task);
        }
    }
}
