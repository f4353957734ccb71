package dev.llmg.internal.routing.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.RetryBudgetSettings;

/** The registry keeps a target's health while its settings stay the same, and forgets targets that are gone. */
class TargetHealthRegistryTest {

    private static final Target A = new Target("a", "m");
    private static final Target B = new Target("b", "m");

    private final TargetHealthRegistry registry = new TargetHealthRegistry();

    @Test
    void theSameSettingsKeepTheSameHealthAndItsState() {
        final TargetHealth first = registry.of(A, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT);
        first.attemptStarted(true);

        final TargetHealth again = registry.of(A, new BreakerSettings(null, null, null, null, null),
                                               new RetryBudgetSettings(null, null, null));

        assertThat(again).isSameAs(first);
        assertThat(again.inFlight()).isEqualTo(1);
    }

    @Test
    void otherBreakerSettingsStartTheTargetAfresh() {
        final TargetHealth first = registry.of(A, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT);

        final TargetHealth changed = registry.of(A, new BreakerSettings(null, null, null, 2, null),
                                                 RetryBudgetSettings.DEFAULT);

        assertThat(changed).isNotSameAs(first);
        assertThat(registry.all()).containsExactly(changed);
    }

    @Test
    void anotherRetryBudgetStartsTheTargetAfresh() {
        final TargetHealth first = registry.of(A, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT);

        assertThat(registry.of(A, BreakerSettings.DEFAULT, new RetryBudgetSettings(0.2, Duration.ofSeconds(30), 1)))
                .isNotSameAs(first);
    }

    @Test
    void eachTargetHasItsOwnHealth() {
        assertThat(registry.of(A, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT))
                .isNotSameAs(registry.of(B, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT));
    }

    @Test
    void targetsNoLongerConfiguredAreForgotten() {
        final TargetHealth kept = registry.of(A, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT);
        final TargetHealth gone = registry.of(B, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT);

        registry.retainOnly(Set.of(A));

        assertThat(registry.all()).containsExactly(kept);
        assertThat(registry.of(B, BreakerSettings.DEFAULT, RetryBudgetSettings.DEFAULT)).isNotSameAs(gone);
    }
}
