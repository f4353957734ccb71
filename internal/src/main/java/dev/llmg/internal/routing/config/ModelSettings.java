package dev.llmg.internal.routing.config;

import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code models}: a name callers ask for, and the targets that serve it. Written either as one
 * target ({@code provider} and optionally {@code provider_model}) or as a model group ({@code targets},
 * {@code strategy}, {@code fallbacks}).
 *
 * @param name what callers put in {@code model}; required
 * @param provider the one provider of a single-target model
 * @param providerModel the provider's name of the model of a single-target model (default: {@code name})
 * @param strategy how the group orders its targets for each request (default {@code weighted})
 * @param targets the group's targets, in the order written; one target for the single-target form
 * @param fallbacks models (by name) tried in order once every target of this one has failed
 * @param retry this model's retry settings, over {@code routing.retry}
 * @param attemptTimeout the longest one attempt may take (default {@code routing.attempt_timeout}); each
 *                       attempt also ends at the call's deadline
 * @param structuredOutput what llmg does with its structured answers that do not fit (default: report only);
 *                         a request's own {@code structured_output} wins
 */
public record ModelSettings(String name, String provider, String providerModel, Strategy strategy,
                            List<TargetSettings> targets, List<String> fallbacks, RetrySettings retry,
                            Duration attemptTimeout, StructuredOutputSettings structuredOutput) {

    /** Checks the entry names a model and one of the two forms, and normalises it to a list of targets. */
    public ModelSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required: what callers put in \"model\"");
        }
        if (name.length() > 256) {
            throw new IllegalArgumentException("name must be at most 256 characters");
        }
        final boolean single = provider != null;
        if (single == (targets != null)) {
            throw new IllegalArgumentException("give either provider (one target) or targets (a model group)"
                                               + (single ? ", not both" : ""));
        }
        if (!single && providerModel != null) {
            throw new IllegalArgumentException("provider_model goes with provider; in a group each target has a model");
        }
        if (targets != null && targets.isEmpty()) {
            throw new IllegalArgumentException("targets must hold at least one target");
        }
        targets = single ? List.of(TargetSettings.of(provider, providerModel != null ? providerModel : name))
                         : List.copyOf(targets);
        strategy = strategy == null ? Strategy.WEIGHTED : strategy;
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        if (fallbacks.contains(name)) {
            throw new IllegalArgumentException("fallbacks must not name the model itself");
        }
        retry = retry == null ? new RetrySettings(null, null, null) : retry;
        structuredOutput = structuredOutput == null ? StructuredOutputSettings.DEFAULT : structuredOutput;
    }
}
