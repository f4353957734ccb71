package dev.llmg.internal.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Many threads admitting at once on one instance never pass requests per minute nor concurrency. */
class QuotaConcurrencyTest {

    @Test
    void manyThreadsNeverPassTheRequestsOrConcurrencyLimit() throws Exception {
        final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:05Z"));
        final QuotaScope key = new QuotaScope("key:busy", new QuotaLimits(500, 0, 3, null, null));
        final AtomicInteger admitted = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final ExecutorService threads = Executors.newFixedThreadPool(16);
        final CountDownLatch start = new CountDownLatch(1);
        try (Quotas quotas = new Quotas(new LocalQuotaStore(), Duration.ofMillis(20), clock, Duration.ofSeconds(5),
                                        Duration.ofSeconds(10))) {
            final List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        try {
                            final QuotaPermit permit = quotas.admit(List.of(key)).join();
                            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            admitted.incrementAndGet();
                            Thread.yield();
                            inFlight.decrementAndGet();
                            permit.release(0, BigDecimal.ZERO);
                        } catch (CompletionException e) {
                            assertThat(e.getCause()).isInstanceOf(QuotaExceededException.class);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(20, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(3).isPositive();
        assertThat(admitted.get()).isLessThanOrEqualTo(500).isPositive();
    }
}
