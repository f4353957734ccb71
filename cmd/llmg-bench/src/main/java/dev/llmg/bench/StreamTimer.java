package dev.llmg.bench;

import java.util.concurrent.CompletableFuture;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.ResponseHeaders;

/**
 * Times a streamed HTTP response as its pieces arrive: the first chunk from the intended send time, then the
 * gap before each later chunk; the request succeeds when the status is 200 and the stream ends cleanly.
 */
final class StreamTimer implements Subscriber<HttpObject> {

    private final long intendedNanos;
    private final Measurements sink;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private boolean ok;
    private final Measurements.ChunkClock chunks;

    StreamTimer(long intendedNanos, Measurements sink) {
        this.intendedNanos = intendedNanos;
        this.sink = sink;
        chunks = sink.chunkClock(intendedNanos);
    }

    /** Returns a future completed once the outcome is recorded. */
    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpObject object) {
        if (object instanceof ResponseHeaders headers) {
            if (!headers.status().isInformational()) {
                ok = headers.status().code() == 200;
            }
            return;
        }
        if (!(object instanceof HttpData data) || data.isEmpty()) {
            return;
        }
        chunks.arrived();
    }

    @Override
    public void onError(Throwable t) {
        sink.error();
        done.complete(null);
    }

    @Override
    public void onComplete() {
        if (ok) {
            sink.success(intendedNanos);
        } else {
            sink.error();
        }
        done.complete(null);
    }
}
