package dev.llmg.internal.providers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Subscribes to a stream of pieces one at a time, as a slow caller would, so that tests can look at each
 * piece, ask for the next one, cancel, or wait for the end.
 *
 * <p>Waits are bounded by a generous ten seconds: a test that would otherwise hang (because something
 * buffered the whole stream) fails instead.
 */
public final class PieceSubscriber implements Subscriber<StreamChatCompletionResponse> {

    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<StreamChatCompletionResponse> pieces = new LinkedBlockingQueue<>();
    private final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
    /** Completes with null on a normal end, or with the error that ended the stream. */
    public final CompletableFuture<Throwable> end = new CompletableFuture<>();

    @Override
    public void onSubscribe(Subscription s) {
        subscription.complete(s);
        s.request(1);
    }

    @Override
    public void onNext(StreamChatCompletionResponse piece) {
        pieces.add(piece);
    }

    @Override
    public void onError(Throwable t) {
        end.complete(t);
    }

    @Override
    public void onComplete() {
        end.complete(null);
    }

    /** Waits for the next piece; the subscriber has asked for exactly one. */
    public StreamChatCompletionResponse next() {
        try {
            final StreamChatCompletionResponse piece = pieces.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(piece).as("a piece within %d s", WAIT_SECONDS).isNotNull();
            return piece;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Returns whether any piece arrives within the given time (used to show that none does). */
    public boolean receivesAnyWithin(long millis) {
        try {
            return pieces.poll(millis, TimeUnit.MILLISECONDS) != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Returns how many pieces arrived and were not taken yet. */
    public int waiting() {
        return pieces.size();
    }

    /** Asks for one more piece. */
    public void request() {
        subscription().request(1);
    }

    /** Asks for every remaining piece. */
    public void requestAll() {
        subscription().request(Long.MAX_VALUE);
    }

    /** Cancels the subscription. */
    public void cancel() {
        subscription().cancel();
    }

    /** Waits for the end of the stream and returns the error it ended with, or null. */
    public Throwable awaitEnd() {
        try {
            return end.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end", e);
        }
    }

    private Subscription subscription() {
        try {
            return subscription.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no subscription", e);
        }
    }
}
