package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Makes a batch's calls a few at a time, ahead of the tests that judge them, so that the suite's time is not
 * the sum of every round trip; each test still judges its own call. Calls start when the first test asks for
 * its result, that is, once the gateway is up.
 *
 * @param <T> what a call returns
 */
final class Prefetch<T> {

    /** How many calls are in flight at once: enough to overlap round trips, few enough for two cores. */
    static final int PARALLELISM = Integer.getInteger("hostile.parallelism", 4);

    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(PARALLELISM, runnable -> {
        final Thread thread = new Thread(runnable, "hostile-caller");
        thread.setDaemon(true);
        return thread;
    });

    private final List<Supplier<T>> calls;
    private List<CompletableFuture<T>> results;

    Prefetch(List<Supplier<T>> calls) {
        this.calls = calls;
    }

    /** Returns the result of call {@code index}, starting every call on first use. */
    synchronized T get(int index) {
        if (results == null) {
            results = new ArrayList<>();
            for (Supplier<T> call : calls) {
                results.add(CompletableFuture.supplyAsync(call, CALLERS));
            }
        }
        return results.get(index).join();
    }
}
