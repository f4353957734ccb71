package dev.llmg.internal.routing.config;

/**
 * One routing rule ({@code routing.rules[*]}): when a request is like {@code when}, it goes to
 * {@code route_to} instead of the model it named, and the choice among that model's eligible targets
 * follows {@code objective} when one is given. Rules are tried in order; the first that applies wins.
 *
 * @param name what the routing decision calls the rule; required
 * @param when the conditions; unset applies to every request
 * @param routeTo the model or model group to send the request to; required
 * @param objective what to optimise among eligible targets (unset: the group's own strategy)
 */
public record RuleSettings(String name, RuleCondition when, String routeTo, Objective objective) {

    /** Checks the rule is named and goes somewhere. */
    public RuleSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is required: the decision and logs name the rule");
        }
        if (routeTo == null || routeTo.isBlank()) {
            throw new IllegalArgumentException("route_to is required: the model or group the rule sends to");
        }
        when = when == null ? new RuleCondition(null, null, null, null, null, null, null, null) : when;
    }
}
