package dev.llmg.internal.routing.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The latency estimate: up at once with a slow answer, down gradually, by time rather than by count. */
class PeakEwmaTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final PeakEwma ewma = new PeakEwma(10 * SECOND);

    @Test
    void theFirstObservationIsTheEstimate() {
        assertThat(ewma.nanos(0)).isNaN();

        ewma.observe(100 * MILLI, 0);

        assertThat(ewma.nanos(0)).isEqualTo(100.0 * MILLI);
    }

    @Test
    void aSlowerAnswerRaisesTheEstimateAtOnce() {
        ewma.observe(100 * MILLI, 0);
        ewma.observe(2000 * MILLI, 1);

        assertThat(ewma.nanos(1)).isEqualTo(2000.0 * MILLI);
    }

    @Test
    void fasterAnswersLowerItByTheTimeThatPassedOneTimeConstantWeighingTheOldOneOverE() {
        ewma.observe(1000 * MILLI, 0);
        ewma.observe(100 * MILLI, 10 * SECOND);

        final double weight = Math.exp(-1);
        assertThat(ewma.nanos(10 * SECOND)).isCloseTo((1000 * weight + 100 * (1 - weight)) * MILLI, within(1.0));
    }

    @Test
    void aBurstOfFastAnswersAtOnceHardlyMovesIt() {
        ewma.observe(1000 * MILLI, 0);
        for (int i = 1; i <= 100; i++) {
            ewma.observe(10 * MILLI, i * MILLI);
        }

        assertThat(ewma.nanos(100 * MILLI)).isGreaterThan(980.0 * MILLI);
    }

    @Test
    void aLongQuietSpellLetsTheNextAnswerSetIt() {
        ewma.observe(1000 * MILLI, 0);
        ewma.observe(10 * MILLI, 600 * SECOND);

        assertThat(ewma.nanos(600 * SECOND)).isCloseTo(10.0 * MILLI, within(1.0));
    }

    @Test
    void anEstimateNobodyRefreshesFadesSoThatAnIdleTargetIsMeasuredAgain() {
        ewma.observe(1000 * MILLI, 0); // one slow answer, then no traffic: a balancer avoids the target

        assertThat(ewma.nanos(SECOND)).as("a second later").isCloseTo(1000 * Math.exp(-0.1) * MILLI, within(1.0));
        assertThat(ewma.nanos(30 * SECOND)).as("as Finagle's and Linkerd's do")
                                           .isCloseTo(1000 * Math.exp(-3) * MILLI, within(1.0));
    }
}
