package dev.llmg.internal.api;

import java.util.Locale;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.BreakerPolicy;
import dev.llmg.api.gateway.v1.GroupTarget;
import dev.llmg.api.gateway.v1.ListModelGroupsResponse;
import dev.llmg.api.gateway.v1.RetryBudget;
import dev.llmg.api.gateway.v1.RetryPolicy;
import dev.llmg.api.gateway.v1.RoutedModel;
import dev.llmg.api.gateway.v1.RoutedModelKind;
import dev.llmg.api.gateway.v1.RoutingDefaults;
import dev.llmg.api.gateway.v1.RoutingRule;
import dev.llmg.api.gateway.v1.RuleConditions;
import dev.llmg.internal.auth.ModelAccess;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.RoutingTable;
import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.RoutingSettings;
import dev.llmg.internal.routing.config.RuleCondition;
import dev.llmg.internal.routing.config.RuleSettings;

/**
 * Shows a routing table as {@code ListModelGroups} answers it to one caller: the models it may name and, for a
 * caller whose key has no model allowlist, the rules (a restricted caller gets none, since a rule may name models
 * it may not use). Only names, numbers and policies leave: a provider's base URL and key stay inside.
 */
final class RoutingTableView {

    private RoutingTableView() {}

    /** Returns {@code table} as {@code caller} may see it. */
    static ListModelGroupsResponse of(RoutingTable table, Caller caller) {
        final ListModelGroupsResponse.Builder view = ListModelGroupsResponse.newBuilder();
        for (ModelGroup model : table.all()) {
            if (ModelAccess.mayUse(caller, model.name())) {
                view.addModels(model(model));
            }
        }
        if (!restricted(caller)) {
            table.settings().rules().forEach(rule -> view.addRules(rule(rule)));
        }
        return view.setDefaults(defaults(table.settings())).build();
    }

    /** Returns whether {@code caller}'s key is held to a model allowlist. */
    private static boolean restricted(Caller caller) {
        return caller.endpoint().map(endpoint -> endpoint.models() != null).orElse(false);
    }

    private static RoutedModel model(ModelGroup model) {
        final RoutedModel.Builder proto =
                RoutedModel.newBuilder().setName(model.name())
                           .setKind(model.targets().size() == 1 ? RoutedModelKind.ROUTED_MODEL_KIND_SINGLE
                                                                : RoutedModelKind.ROUTED_MODEL_KIND_GROUP)
                           .setStrategy(model.strategy().configName())
                           .addAllFallbacks(model.fallbacks())
                           .setRetry(retry(model.retry()))
                           .setAttemptTimeout(Durations.fromNanos(model.attemptTimeout().toNanos()))
                           .setStructuredOutputPolicy(model.structuredOutput().policy().configName())
                           .setStructuredOutputMaxRetries(model.structuredOutput().maxRetries())
                           .setAvailable(model.available());
        for (RouteTarget target : model.targets()) {
            proto.addTargets(GroupTarget.newBuilder().setTarget(target.target().toProto())
                                        .setWeight(target.weight()).setPriority(target.priority()));
        }
        return proto.build();
    }

    private static RetryPolicy retry(RetrySettings retry) {
        return RetryPolicy.newBuilder().setAttempts(retry.attempts())
                          .setBackoff(Durations.fromNanos(retry.backoff().toNanos()))
                          .setMaxBackoff(Durations.fromNanos(retry.maxBackoff().toNanos())).build();
    }

    private static RoutingRule rule(RuleSettings rule) {
        final RuleCondition when = rule.when();
        final RuleConditions.Builder conditions = RuleConditions.newBuilder().putAllMetadata(when.metadata());
        if (when.model() != null) {
            conditions.setModel(when.model());
        }
        if (when.tools() != null) {
            conditions.setTools(when.tools());
        }
        if (when.jsonSchema() != null) {
            conditions.setJsonSchema(when.jsonSchema());
        }
        if (when.images() != null) {
            conditions.setImages(when.images());
        }
        if (when.streaming() != null) {
            conditions.setStreaming(when.streaming());
        }
        if (when.minPromptTokens() != null) {
            conditions.setMinPromptTokens(when.minPromptTokens());
        }
        if (when.maxPromptTokens() != null) {
            conditions.setMaxPromptTokens(when.maxPromptTokens());
        }
        return RoutingRule.newBuilder().setName(rule.name()).setWhen(conditions).setRouteTo(rule.routeTo())
                          .setObjective(rule.objective() == null ? ""
                                                                 : rule.objective().name().toLowerCase(Locale.ROOT))
                          .build();
    }

    private static RoutingDefaults defaults(RoutingSettings settings) {
        final BreakerSettings breaker = settings.breaker();
        return RoutingDefaults.newBuilder()
                              .setRetry(retry(settings.retry()))
                              .setAttemptTimeout(Durations.fromNanos(settings.attemptTimeout().toNanos()))
                              .setRetryBudget(RetryBudget.newBuilder().setRatio(settings.retryBudget().ratio())
                                                         .setWindow(Durations.fromNanos(
                                                                 settings.retryBudget().window().toNanos()))
                                                         .setMinPerSecond(settings.retryBudget().minPerSecond()))
                              .setBreaker(BreakerPolicy.newBuilder().setFailureRatio(breaker.failureRatio())
                                                       .setMinimumRequests(breaker.minimumRequests())
                                                       .setWindow(Durations.fromNanos(breaker.window().toNanos()))
                                                       .setConsecutiveFailures(breaker.consecutiveFailures())
                                                       .setCoolDown(Durations.fromNanos(breaker.coolDown().toNanos())))
                              .build();
    }
}
