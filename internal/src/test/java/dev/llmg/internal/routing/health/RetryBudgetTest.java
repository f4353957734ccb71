package dev.llmg.internal.routing.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.routing.config.RetryBudgetSettings;

/** The retry budget: a share of recent requests plus a floor, over a window that slides by the second. */
class RetryBudgetTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Any moment will do, away from zero: nanoTime may be anything, even negative. */
    private static final long T0 = 1_234_567 * SECOND + 123;

    private static int retriesAllowed(RetryBudget budget, long nowNanos) {
        int allowed = 0;
        while (allowed < 10_000 && budget.tryRetry(nowNanos)) {
            allowed++;
        }
        return allowed;
    }

    private static void requests(RetryBudget budget, int count, long nowNanos) {
        for (int i = 0; i < count; i++) {
            budget.request(nowNanos);
        }
    }

    @Test
    void itAllowsTheRatioOfRecentRequestsPlusTheFloor() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(0.2, Duration.ofSeconds(10), 1));
        requests(budget, 100, T0);

        assertThat(retriesAllowed(budget, T0)).as("20% of 100, plus 1 a second over 10 s").isEqualTo(30);
    }

    @Test
    void withoutAFloorOnlyTheRatioCounts() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(0.5, Duration.ofSeconds(1), 0));
        requests(budget, 9, T0);

        assertThat(retriesAllowed(budget, T0)).isEqualTo(4);
    }

    @Test
    void aQuietTargetStillGetsTheFloor() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(0.2, Duration.ofSeconds(10), 1));

        assertThat(retriesAllowed(budget, T0)).isEqualTo(10);
    }

    @Test
    void noRatioAndNoFloorMeansNoRetries() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(0.0, Duration.ofSeconds(10), 0));
        requests(budget, 1000, T0);

        assertThat(retriesAllowed(budget, T0)).isZero();
    }

    @Test
    void theBudgetRecoversAsTheWindowSlidesPastTheRetriesSpent() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(0.5, Duration.ofSeconds(10), 0));
        requests(budget, 10, T0);
        assertThat(retriesAllowed(budget, T0)).isEqualTo(5);

        requests(budget, 10, T0 + 5 * SECOND);
        assertThat(retriesAllowed(budget, T0 + 5 * SECOND)).as("20 requests, 5 retries spent").isEqualTo(5);

        assertThat(retriesAllowed(budget, T0 + 10 * SECOND))
                .as("the first second's 10 requests and 5 retries left the window").isEqualTo(0);
        requests(budget, 10, T0 + 10 * SECOND);
        assertThat(retriesAllowed(budget, T0 + 10 * SECOND)).isEqualTo(5);

        assertThat(retriesAllowed(budget, T0 + 30 * SECOND)).as("everything left the window").isZero();
        requests(budget, 2, T0 + 30 * SECOND);
        assertThat(retriesAllowed(budget, T0 + 30 * SECOND)).isEqualTo(1);
    }

    @Test
    void aWindowOfASecondIsOneBucket() {
        final RetryBudget budget = new RetryBudget(new RetryBudgetSettings(1.0, Duration.ofSeconds(1), 0));
        requests(budget, 3, T0);

        assertThat(retriesAllowed(budget, T0)).isEqualTo(3);
        assertThat(retriesAllowed(budget, T0 + SECOND)).isZero();
        assertThat(budget.window()).isEqualTo(Duration.ofSeconds(1));
    }
}
