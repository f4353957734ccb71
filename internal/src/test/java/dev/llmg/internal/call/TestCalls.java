package dev.llmg.internal.call;

import java.time.Duration;
import java.util.Set;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;

/** Makes calls for tests that drive a use case, routing or an adapter without a server. */
public final class TestCalls {

    private TestCalls() {}

    /** Returns a call with id {@code requestId}, no deadline, whose work runs inline. */
    public static Call of(String requestId) {
        return of(requestId, ImmediateEventExecutor.INSTANCE, Duration.ZERO, Set.of());
    }

    /** Returns a call with a deadline {@code timeout} from now (zero for none) on {@code eventLoop}. */
    public static Call of(String requestId, EventExecutor eventLoop, Duration timeout,
                          Set<CallObserver.Factory> observers) {
        final long now = System.nanoTime();
        return new Call(requestId, Surface.GRPC, Caller.anonymous(), Deadline.after(timeout, now), new CallClock(now),
                        eventLoop, observers);
    }
}
