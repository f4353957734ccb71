package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;

/**
 * A name callers can ask for and the targets behind it, resolved from the configuration: a single model is a
 * group of one.
 *
 * @param name what callers put in {@code model}
 * @param strategy how its targets are ordered for each request
 * @param targets its targets, in the order written
 * @param fallbacks the models tried, in order, once every target of this one has failed
 * @param retry how its failed attempts are retried (the routing default, overridden by the model's own)
 * @param attemptTimeout the longest one attempt may take; zero for no limit but the call's deadline
 * @param structuredOutput its structured-output policy, unless a request names its own
 */
public record ModelGroup(String name, Strategy strategy, List<RouteTarget> targets, List<String> fallbacks,
                         RetrySettings retry, Duration attemptTimeout,
                         StructuredOutputSettings structuredOutput) {

    /** Checks that every part is present. */
    public ModelGroup {
        requireNonNull(name, "name");
        requireNonNull(strategy, "strategy");
        targets = List.copyOf(targets);
        fallbacks = List.copyOf(fallbacks);
        requireNonNull(retry, "retry");
        requireNonNull(attemptTimeout, "attemptTimeout");
        requireNonNull(structuredOutput, "structuredOutput");
    }

    /** Returns whether any of its targets' providers can be used now. */
    public boolean available() {
        return targets.stream().anyMatch(target -> target.provider().client().isPresent());
    }
}
