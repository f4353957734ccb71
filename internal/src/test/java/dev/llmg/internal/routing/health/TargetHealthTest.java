package dev.llmg.internal.routing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.client.circuitbreaker.CircuitState;

import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.spi.ErrorKind;

/**
 * One target's health: when its breaker opens, how it lets one probe through after the cool-down and
 * recovers or opens again, which failures count, and that every attempt leaves the in-flight count as it
 * found it.
 */
class TargetHealthTest {

    private static final Target TARGET = new Target("p", "m");
    private static final Duration COOL_DOWN = Duration.ofMillis(400);

    /** A breaker that opens only on a run of {@code consecutive} failures (the ratio needs 1000 requests). */
    private static TargetHealth opensAfter(int consecutive) {
        return new TargetHealth(TARGET, new BreakerSettings(0.5, 1000, Duration.ofSeconds(1), consecutive, COOL_DOWN),
                                RetryBudgetSettings.DEFAULT);
    }

    /** A breaker that opens only on a failure ratio over a 1 s window (its counts update every 100 ms). */
    private static TargetHealth opensAtRatio(double ratio, int minimumRequests) {
        return new TargetHealth(TARGET, new BreakerSettings(ratio, minimumRequests, Duration.ofSeconds(1), 0,
                                                            COOL_DOWN),
                                RetryBudgetSettings.DEFAULT);
    }

    private static void succeed(TargetHealth health) {
        health.attemptStarted(true);
        health.attemptSucceeded(Duration.ofMillis(10));
    }

    private static void fail(TargetHealth health, ErrorKind kind) {
        health.attemptStarted(true);
        health.attemptFailed(Duration.ofMillis(10), kind);
    }

    private static void fail(TargetHealth health) {
        fail(health, ErrorKind.UNAVAILABLE);
    }

    /**
     * Waits past the counter's update interval, after which the next event brings the counts up to date with
     * every event before it (Armeria's sliding window counts that event in the next update).
     */
    private static void letCountsUpdate() throws InterruptedException {
        Thread.sleep(150);
    }

    // Opening

    @Test
    void theBreakerOpensOnTheConsecutiveFailureThatReachesTheSetting() {
        final TargetHealth health = opensAfter(3);
        fail(health);
        fail(health);
        assertThat(health.isOpen()).isFalse();
        assertThat(health.tryAcquire()).isTrue();

        fail(health);

        assertThat(health.isOpen()).isTrue();
        assertThat(health.breakerState()).isEqualTo(CircuitState.OPEN);
        assertThat(health.tryAcquire()).isFalse();
    }

    @Test
    void aSuccessEndsARunOfFailures() {
        final TargetHealth health = opensAfter(3);
        fail(health);
        fail(health);
        succeed(health);
        fail(health);
        fail(health);

        assertThat(health.isOpen()).isFalse();
    }

    @Test
    void zeroConsecutiveFailuresTurnsThatRuleOff() {
        final TargetHealth health = opensAfter(0);
        for (int i = 0; i < 50; i++) {
            fail(health);
        }

        assertThat(health.isOpen()).isFalse();
    }

    @Test
    void theCallersOwnFaultsNeverCountAgainstTheTarget() {
        final TargetHealth health = opensAfter(2);
        for (int i = 0; i < 10; i++) {
            fail(health, ErrorKind.INVALID_ARGUMENT);
            fail(health, ErrorKind.CANCELLED);
        }
        assertThat(health.isOpen()).isFalse();
        assertThat(health.latencyMillis()).as("nor teach it anything about latency").isNaN();

        fail(health, ErrorKind.TIMEOUT);
        fail(health, ErrorKind.RATE_LIMITED);

        assertThat(health.isOpen()).as("the target's own failures do").isTrue();
    }

    @Test
    void theBreakerOpensWhenTheFailureRatioOverTheWindowPassesTheSetting() throws Exception {
        final TargetHealth health = opensAtRatio(0.5, 4);
        succeed(health);
        succeed(health);
        fail(health);
        fail(health);
        fail(health);
        letCountsUpdate();
        fail(health); // the counts now hold 3 failures of 5

        assertThat(health.isOpen()).isTrue();
    }

    @Test
    void aRatioBelowTheSettingKeepsTheBreakerClosed() throws Exception {
        final TargetHealth health = opensAtRatio(0.5, 4);
        succeed(health);
        succeed(health);
        succeed(health);
        fail(health);
        fail(health);
        letCountsUpdate();
        fail(health); // the counts now hold 2 failures of 5

        assertThat(health.isOpen()).isFalse();
        assertThat(health.errorRate()).isEqualTo(0.4);
    }

    @Test
    void theRatioCountsOnlyOnceTheWindowHoldsTheMinimumRequests() throws Exception {
        final TargetHealth health = opensAtRatio(0.5, 4);
        fail(health);
        fail(health);
        fail(health);
        letCountsUpdate();
        fail(health); // 3 failures of 3, but fewer than 4 requests

        assertThat(health.isOpen()).isFalse();

        letCountsUpdate();
        fail(health); // 4 of 4

        assertThat(health.isOpen()).isTrue();
    }

    @Test
    void aRatioOfOneOpensTheBreakerWhenEveryRequestFails() throws Exception {
        final TargetHealth health = opensAtRatio(1.0, 4);
        for (int i = 0; i < 4; i++) {
            fail(health);
        }
        letCountsUpdate();
        fail(health);

        assertThat(health.isOpen()).as("failure_ratio is the share that opens it, 1 included").isTrue();
    }

    // Recovering

    @Test
    void afterTheCoolDownOneProbeGoesThroughAndItsSuccessClosesTheBreaker() throws Exception {
        final TargetHealth health = opensAfter(1);
        fail(health);
        assertThat(health.isOpen()).isTrue();

        Thread.sleep(COOL_DOWN.toMillis() + 50);

        assertThat(health.isOpen()).as("planning must include it again, or no probe is ever sent").isFalse();
        assertThat(health.tryAcquire()).as("the probe").isTrue();
        assertThat(health.breakerState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(health.tryAcquire()).as("one probe at a time").isFalse();

        health.attemptStarted(true);
        health.attemptSucceeded(Duration.ofMillis(5));

        assertThat(health.breakerState()).isEqualTo(CircuitState.CLOSED);
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void aProbeThatFailsOpensTheBreakerForAnotherCoolDown() throws Exception {
        final TargetHealth health = opensAfter(1);
        fail(health);
        Thread.sleep(COOL_DOWN.toMillis() + 50);
        assertThat(health.tryAcquire()).isTrue();

        fail(health);

        assertThat(health.breakerState()).isEqualTo(CircuitState.OPEN);
        assertThat(health.isOpen()).isTrue();
        assertThat(health.tryAcquire()).isFalse();

        Thread.sleep(COOL_DOWN.toMillis() + 50);

        assertThat(health.isOpen()).isFalse();
        assertThat(health.tryAcquire()).as("the next probe").isTrue();
    }

    @Test
    void aBreakerStillCoolingDownStaysOpen() throws Exception {
        final TargetHealth health = new TargetHealth(TARGET, new BreakerSettings(0.5, 1000, Duration.ofSeconds(1), 1,
                                                                                 Duration.ofSeconds(30)),
                                                     RetryBudgetSettings.DEFAULT);
        fail(health);
        Thread.sleep(100);

        assertThat(health.isOpen()).isTrue();
        assertThat(health.tryAcquire()).isFalse();
    }

    // Load and latency

    @Test
    void everyAttemptLeavesTheInFlightCountAsItFoundIt() {
        final TargetHealth health = opensAfter(0);
        for (int i = 0; i < 5; i++) {
            health.attemptStarted(i == 0);
        }
        assertThat(health.inFlight()).isEqualTo(5);

        health.attemptSucceeded(Duration.ofMillis(1));
        health.attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        health.attemptFailed(Duration.ofMillis(1), ErrorKind.INVALID_ARGUMENT);
        health.attemptFailed(Duration.ofMillis(1), ErrorKind.CANCELLED);
        health.attemptCancelled();

        assertThat(health.inFlight()).isZero();
    }

    @Test
    void attemptsEndingOnManyThreadsAtOnceLeaveTheCountBalanced() {
        final TargetHealth health = opensAfter(3);
        final List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int thread = t;
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5_000; i++) {
                    health.attemptStarted(i % 3 == 0);
                    switch ((i + thread) % 3) {
                        case 0 -> health.attemptSucceeded(Duration.ofMillis(i % 50));
                        case 1 -> health.attemptFailed(Duration.ofMillis(i % 50), ErrorKind.UNAVAILABLE);
                        default -> health.attemptCancelled();
                    }
                    health.isOpen();
                    health.tryAcquire();
                }
            }));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).join();

        assertThat(health.inFlight()).isZero();
    }

    @Test
    void latencyIsUnknownUntilTheFirstAnswerThenRisesAtOnceWithASlowOne() {
        final TargetHealth health = opensAfter(0);
        assertThat(health.latencyMillis()).isNaN();

        health.attemptStarted(true);
        health.attemptSucceeded(Duration.ofMillis(40));
        assertThat(health.latencyMillis()).isCloseTo(40.0, within(0.5));

        health.attemptStarted(true);
        health.attemptSucceeded(Duration.ofMillis(900));
        assertThat(health.latencyMillis()).isCloseTo(900.0, within(5.0));
    }

    @Test
    void theErrorRateIsZeroBeforeAnyRequest() {
        assertThat(opensAfter(0).errorRate()).isZero();
    }
}
