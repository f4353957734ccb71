package dev.llmg.bench;

import java.util.concurrent.CompletableFuture;

/** Sends one request of a benchmark to a system under test, and records what happened. */
interface Target extends AutoCloseable {

    /**
     * Sends one request meant to leave at {@code intendedNanos} and records its outcome in {@code sink};
     * the future completes (never exceptionally) once it is recorded.
     */
    CompletableFuture<Void> send(long intendedNanos, Measurements sink);

    @Override
    default void close() {}
}
