package dev.llmg.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.health.TargetHealthRegistry;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.Attempt;

/** Plans, policies and observers for tests of the attempt executor. */
final class TestPlans {

    private TestPlans() {}

    /** Returns a plan over {@code clients}, one target each ({@code p0/m0}, {@code p1/m1}, ...). */
    @SafeVarargs
    static <P> RoutePlan<P> over(P... clients) {
        final List<RouteTarget> targets = new ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            targets.add(target("p" + i, "m" + i));
        }
        final ModelGroup group = new ModelGroup("chat", Strategy.PRIORITY, targets, List.of(), RetrySettings.DEFAULT,
                                                Duration.ZERO, StructuredOutputSettings.DEFAULT);
        final List<Candidate<P>> candidates = new ArrayList<>();
        for (int i = 0; i < clients.length; i++) {
            candidates.add(new Candidate<>(targets.get(i), clients[i], group));
        }
        return new RoutePlan<>("chat", "", "chat", "priority", candidates, List.of(), "test plan");
    }

    /** Returns a target of a provider that is never called, with fresh health. */
    static RouteTarget target(String provider, String model) {
        final Target target = new Target(provider, model);
        return new RouteTarget(target, ConfiguredProvider.unavailable(provider, "test", "never called"), 1, 0, 0, 0,
                               new Capabilities(true, true, true, true), Prices.UNKNOWN,
                               new TargetHealthRegistry().of(target, BreakerSettings.DEFAULT,
                                                             RetryBudgetSettings.DEFAULT));
    }

    /** Returns a policy that moves to the next candidate after each failure, waiting {@code backoff}. */
    static AttemptPolicy nextCandidateAfter(Duration backoff) {
        return new AttemptPolicy() {
            @Override
            public Optional<Step> first(RoutePlan<?> plan) {
                return Optional.of(new Step(0, Duration.ZERO));
            }

            @Override
            public Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure) {
                final int next = history.candidate() + 1;
                return next < plan.candidates().size() ? Optional.of(new Step(next, backoff)) : Optional.empty();
            }
        };
    }

    /** Writes every event it hears as a line, for asserting their order. */
    static final class EventLog implements CallObserver {
        final List<String> events = new ArrayList<>();

        @Override
        public void routed(RoutingDecision plan) {
            events.add("routed " + plan.getModel());
        }

        @Override
        public void attemptStarted(int number, RoutingTarget target, Attempt attempt) {
            events.add("start " + number + ' ' + target.getProvider());
        }

        @Override
        public void attemptEnded(RoutingAttempt attempt) {
            events.add("end " + attempt.getTarget().getProvider() + ' ' + attempt.getOutcome().name()
                               .replace("ATTEMPT_OUTCOME_", "") + (attempt.getErrorKind().isEmpty() ? ""
                                                                    : ' ' + attempt.getErrorKind()));
        }

        @Override
        public void firstPiece() {
            events.add("first piece");
        }

        @Override
        public void ended(CallOutcome outcome) {
            events.add("ended " + outcome.failure().map(f -> "failed").orElse("answered"));
        }
    }
}
