package dev.llmg.internal.api.streaming;

import java.util.ArrayList;
import java.util.List;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Reads a stream only as far as the test asks, like a client that reads slowly or not at all; with an
 * immediate executor every signal arrives before {@link #request} returns.
 */
public final class ManualReader<T> implements Subscriber<T> {

    private final List<T> received = new ArrayList<>();
    private Subscription subscription;
    private Throwable failure;
    private boolean completed;

    /** Asks for {@code n} more items. */
    public void request(long n) {
        subscription.request(n);
    }

    /** Goes away, as a client that closes the connection. */
    public void cancel() {
        subscription.cancel();
    }

    /** Returns what arrived so far. */
    public List<T> received() {
        return received;
    }

    /** Returns how the stream failed, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Returns whether the stream ended well. */
    public boolean completed() {
        return completed;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
    }

    @Override
    public void onNext(T item) {
        received.add(item);
    }

    @Override
    public void onError(Throwable cause) {
        failure = cause;
    }

    @Override
    public void onComplete() {
        completed = true;
    }
}
