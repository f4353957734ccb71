package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.llmg.spi.ErrorKind;

class FaultDiceTest {

    private static final int ROLLS = 20_000;
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofSeconds(30);

    private enum Drawn { ANSWERED, RATE_LIMITED, SERVER_ERROR, STALLED, CUT }

    @Test
    void eachFaultStrikesItsShareOfRequestsAndNoRequestMeetsTwo() {
        final SimulatorFaults faults = new SimulatorFaults(
                new SimulatorFaults.RateLimited(0.2, Duration.ofSeconds(1)), new SimulatorFaults.ServerErrors(0.1, 503),
                new SimulatorFaults.Stalls(0.05, STALL), new SimulatorFaults.FailAfterPieces(0.1, 3), null, null);
        final FaultDice dice = new FaultDice("flaky", LATENCY, faults, new SplittableRandom(42));

        final Map<Drawn, Integer> counts = new EnumMap<>(Drawn.class);
        for (int i = 0; i < ROLLS; i++) {
            counts.merge(classify(dice.roll()), 1, Integer::sum);
        }

        assertShare(counts, Drawn.RATE_LIMITED, 0.2);
        assertShare(counts, Drawn.SERVER_ERROR, 0.1);
        assertShare(counts, Drawn.STALLED, 0.05);
        assertShare(counts, Drawn.CUT, 0.1);
        assertShare(counts, Drawn.ANSWERED, 0.55);
    }

    @Test
    void aShareOfOneStrikesEveryRequestAndZeroNone() {
        final FaultDice always = new FaultDice("down", LATENCY, new SimulatorFaults(
                null, new SimulatorFaults.ServerErrors(1.0, null), null, null, null, null), new SplittableRandom(1));
        final FaultDice never = new FaultDice("up", LATENCY, new SimulatorFaults(
                new SimulatorFaults.RateLimited(0.0, null), null, null, null, null, null), new SplittableRandom(1));
        for (int i = 0; i < 1_000; i++) {
            assertThat(classify(always.roll())).isEqualTo(Drawn.SERVER_ERROR);
            assertThat(classify(never.roll())).isEqualTo(Drawn.ANSWERED);
        }
    }

    @Test
    void theFailuresAreThoseOfARealProvider() {
        final SimulatedFault limited = only(new SimulatorFaults(
                new SimulatorFaults.RateLimited(1.0, Duration.ofMillis(1500)), null, null, null, null, null));
        assertThat(limited.refused()).isTrue();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.failure().kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(limited.failure().providerStatus()).isEqualTo(429);
        assertThat(limited.failure().retryAfter()).contains(Duration.ofMillis(1500));
        assertThat(limited.failure().retryable()).isTrue();
        assertThat(limited.failure().provider()).isEqualTo("flaky");
        assertThat(limited.failure().getMessage()).contains("providers.flaky.faults.rate_limited");

        assertThat(only(new SimulatorFaults(new SimulatorFaults.RateLimited(1.0, null), null, null, null, null, null))
                           .failure().retryAfter()).isEmpty();

        for (int status : new int[] { 500, 502, 503, 529 }) {
            final SimulatedFault failed = only(new SimulatorFaults(
                    null, new SimulatorFaults.ServerErrors(1.0, status), null, null, null, null));
            assertThat(failed.status()).isEqualTo(status);
            assertThat(failed.failure().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(failed.failure().providerStatus()).isEqualTo(status);
            assertThat(failed.failure().retryable()).isTrue();
            assertThat(failed.failure().retryAfter()).isEmpty();
        }
        assertThat(only(new SimulatorFaults(null, new SimulatorFaults.ServerErrors(1.0, 504), null, null, null, null))
                           .failure().kind()).as("504 is a gateway timeout, as ProviderErrors maps it")
                                             .isEqualTo(ErrorKind.TIMEOUT);

        final SimulatedFault cut = only(new SimulatorFaults(
                null, null, null, new SimulatorFaults.FailAfterPieces(1.0, 2), null, null));
        assertThat(cut.refused()).isFalse();
        assertThat(cut.status()).as("the answer had started").isEqualTo(200);
        assertThat(cut.piecesBeforeFailure()).isEqualTo(2);
        assertThat(cut.failure().kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(cut.failure().reason()).isEqualTo("connection_lost");
        assertThat(cut.failure().retryable()).isTrue();

        final SimulatedFault stalled = only(new SimulatorFaults(
                null, null, new SimulatorFaults.Stalls(1.0, STALL), null, null, null));
        assertThat(stalled.failure()).isNull();
        assertThat(stalled.delay()).isEqualTo(STALL);
    }

    @Test
    void latencyWithJitterIsUniformBetweenLatencyAndLatencyPlusJitter() {
        final Duration jitter = Duration.ofMillis(50);
        final FaultDice dice = new FaultDice("jittery", LATENCY, new SimulatorFaults(null, null, null, null, jitter, null),
                                             new SplittableRandom(7));
        long least = Long.MAX_VALUE;
        long most = 0;
        double sum = 0;
        for (int i = 0; i < ROLLS; i++) {
            final SimulatedFault fault = dice.roll();
            assertThat(fault.failure()).isNull();
            final long nanos = fault.delay().toNanos();
            assertThat(nanos).isBetween(LATENCY.toNanos(), LATENCY.plus(jitter).toNanos());
            least = Math.min(least, nanos);
            most = Math.max(most, nanos);
            sum += nanos;
        }
        assertThat(least).as("the low end is reached").isLessThan(LATENCY.plusMillis(1).toNanos());
        assertThat(most).as("the high end is reached").isGreaterThan(LATENCY.plus(jitter).minusMillis(1).toNanos());
        // A uniform draw over 50 ms has a standard deviation of 14.4 ms; the mean of 20,000 is within 0.5 ms.
        assertThat(sum / ROLLS).isCloseTo(LATENCY.plus(jitter.dividedBy(2)).toNanos(),
                                          within((double) Duration.ofMillis(1).toNanos()));
    }

    @Test
    void withoutJitterTheLatencyIsExact() {
        final FaultDice dice = new FaultDice("steady", LATENCY, SimulatorFaults.NONE, new SplittableRandom(7));
        for (int i = 0; i < 100; i++) {
            assertThat(dice.roll().delay()).isEqualTo(LATENCY);
        }
    }

    @Test
    void theSameSeedDrawsTheSameFaults() {
        final SimulatorFaults faults = new SimulatorFaults(
                new SimulatorFaults.RateLimited(0.3, null), new SimulatorFaults.ServerErrors(0.3, null), null, null,
                Duration.ofMillis(10), null);
        assertThat(draws(faults, 5)).isEqualTo(draws(faults, 5)).isNotEqualTo(draws(faults, 6));
    }

    private static List<String> draws(SimulatorFaults faults, long seed) {
        final FaultDice dice = new FaultDice("seeded", LATENCY, faults, new SplittableRandom(seed));
        final List<String> draws = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final SimulatedFault fault = dice.roll();
            draws.add(classify(fault) + "@" + fault.delay().toNanos());
        }
        return draws;
    }

    private static SimulatedFault only(SimulatorFaults faults) {
        return new FaultDice("flaky", LATENCY, faults, new SplittableRandom(3)).roll();
    }

    private static Drawn classify(SimulatedFault fault) {
        if (fault.failure() == null) {
            return fault.delay().equals(STALL) ? Drawn.STALLED : Drawn.ANSWERED;
        }
        if (!fault.refused()) {
            return Drawn.CUT;
        }
        return fault.status() == 429 ? Drawn.RATE_LIMITED : Drawn.SERVER_ERROR;
    }

    /** Checks the count is within four standard deviations of the binomial's mean. */
    private static void assertShare(Map<Drawn, Integer> counts, Drawn drawn, double share) {
        final double mean = ROLLS * share;
        final double spread = 4 * Math.sqrt(ROLLS * share * (1 - share));
        assertThat((double) counts.getOrDefault(drawn, 0)).as("%s of %d requests", drawn, ROLLS)
                                                         .isBetween(mean - spread, mean + spread);
    }
}
