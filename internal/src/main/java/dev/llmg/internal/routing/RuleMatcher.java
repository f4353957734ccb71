package dev.llmg.internal.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmg.internal.routing.config.RuleCondition;
import dev.llmg.internal.routing.config.RuleSettings;

/** Finds the first routing rule whose conditions a request meets. */
final class RuleMatcher {

    private RuleMatcher() {}

    /** Returns the first of {@code rules} that applies to {@code profile}. */
    static Optional<RuleSettings> first(List<RuleSettings> rules, RequestProfile profile) {
        for (RuleSettings rule : rules) {
            if (applies(rule.when(), profile)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static boolean applies(RuleCondition when, RequestProfile profile) {
        if (when.model() != null && !when.model().equals(profile.model())) {
            return false;
        }
        if (when.tools() != null && when.tools() != profile.tools()
            || when.jsonSchema() != null && when.jsonSchema() != profile.jsonSchema()
            || when.images() != null && when.images() != profile.images()
            || when.streaming() != null && when.streaming() != profile.streaming()) {
            return false;
        }
        final int prompt = profile.size().promptTokens();
        if (when.minPromptTokens() != null && prompt < when.minPromptTokens()
            || when.maxPromptTokens() != null && prompt > when.maxPromptTokens()) {
            return false;
        }
        for (Map.Entry<String, String> label : when.metadata().entrySet()) {
            if (!label.getValue().equals(profile.metadata().get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
