package dev.llmg.internal.api;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * Relays a reactive stream to a gRPC server stream, one message at a time, only while the transport
 * can take more.
 *
 * <p>This keeps back-pressure end to end (a slow reader slows the provider instead of growing a buffer)
 * and cancels the upstream subscription when the caller cancels or goes away. It must be created during
 * the gRPC handler call, because gRPC accepts the ready and cancel handlers only then; its callbacks then
 * all run on the call's event loop.
 */
final class StreamObserverSubscriber<T> implements Subscriber<T> {

    private final ServerCallStreamObserver<T> observer;
    private Subscription subscription;
    private boolean cancelled;
    private boolean waiting;

    /** Relays to {@code observer}; {@code onCancel} also runs when the caller cancels or goes away. */
    StreamObserverSubscriber(ServerCallStreamObserver<T> observer, Runnable onCancel) {
        this.observer = observer;
        observer.setOnCancelHandler(() -> {
            cancel();
            onCancel.run();
        });
        observer.setOnReadyHandler(this::requestIfReady);
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
            return;
        }
        requestIfReady();
    }

    @Override
    public void onNext(T message) {
        waiting = false;
        observer.onNext(message);
        requestIfReady();
    }

    @Override
    public void onError(Throwable cause) {
        if (!cancelled) {
            observer.onError(cause);
        }
    }

    @Override
    public void onComplete() {
        if (!cancelled) {
            observer.onCompleted();
        }
    }

    private void requestIfReady() {
        if (subscription != null && !cancelled && !waiting && observer.isReady()) {
            waiting = true;
            subscription.request(1);
        }
    }

    private void cancel() {
        cancelled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }
}
