package dev.llmg.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Turns of one conversation wait for the one before; a place is given up once, by its end or by its bound. */
class TurnLineTest {

    private static final Duration LONG = Duration.ofMinutes(5);

    private final TurnLine line = new TurnLine();

    @Test
    void aTurnOpensOnlyOnceTheOneBeforeEnded() throws Exception {
        final TurnLine.Place first = line.enter("c", () -> LONG).get(5, TimeUnit.SECONDS);
        final CompletableFuture<TurnLine.Place> second = line.enter("c", () -> LONG);
        final CompletableFuture<TurnLine.Place> third = line.enter("c", () -> LONG);
        final TurnLine.Place elsewhere = line.enter("other", () -> LONG).get(5, TimeUnit.SECONDS);
        assertThat(second).isNotDone();

        first.release();
        first.release(); // a second end (abandon after a failed keep) gives nothing away
        second.get(5, TimeUnit.SECONDS).release();
        third.get(5, TimeUnit.SECONDS).release();
        elsewhere.release();
    }

    @Test
    void aPlaceHeldPastItsBoundIsGivenUp() throws Exception {
        line.enter("c", () -> Duration.ofMillis(50)).get(5, TimeUnit.SECONDS); // never released by its holder
        final TurnLine.Place next = line.enter("c", () -> LONG).get(5, TimeUnit.SECONDS);
        next.release();
    }
}
