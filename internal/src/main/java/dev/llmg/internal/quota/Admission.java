package dev.llmg.internal.quota;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Admits one call scope by scope, in order: tokens and spend (checks without side effects), then a request unit,
 * then a slot. Steps that need no store complete at once, so the common admission is synchronous; a step that
 * waits for the store resumes the rest on the quota thread. Any refusal gives back what earlier steps took.
 */
final class Admission {

    /** The step outcome "taken with no wait", shared to spare an allocation per step. */
    static final CompletableFuture<Void> TAKEN = CompletableFuture.completedFuture(null);

    private static final int STEPS_PER_SCOPE = 3;

    private final List<ScopeState> scopes;
    private final List<QuotaLimits> limits;
    private final AdmittedPermit permit;

    Admission(List<ScopeState> scopes, List<QuotaLimits> limits) {
        this.scopes = scopes;
        this.limits = limits;
        permit = new AdmittedPermit(scopes, limits);
    }

    /** Runs the steps and returns the permit, or a future failed with the refusal. */
    CompletableFuture<QuotaPermit> run() {
        return from(0);
    }

    private CompletableFuture<QuotaPermit> from(int first) {
        try {
            for (int step = first; step < scopes.size() * STEPS_PER_SCOPE; step++) {
                final CompletableFuture<Void> outcome = step(step);
                if (outcome != TAKEN) {
                    final int next = step + 1;
                    return outcome.handle((ignored, failure) -> failure == null ? from(next) : refused(failure))
                                  .thenCompose(f -> f);
                }
            }
            permit.admitted();
            return CompletableFuture.completedFuture(permit);
        } catch (QuotaExceededException e) {
            return refused(e);
        } catch (RuntimeException e) {
            permit.refused();
            throw e;
        }
    }

    private CompletableFuture<Void> step(int step) {
        final ScopeState scope = scopes.get(step / STEPS_PER_SCOPE);
        final QuotaLimits limit = limits.get(step / STEPS_PER_SCOPE);
        switch (step % STEPS_PER_SCOPE) {
            case 0:
                if (limit.tokensPerMinute() > 0) {
                    scope.tokens.check(limit.tokensPerMinute());
                }
                if (limit.spendPerDayNanos() > 0) {
                    scope.spendPerDay.check(limit.spendPerDayNanos());
                }
                if (limit.spendPerMonthNanos() > 0) {
                    scope.spendPerMonth.check(limit.spendPerMonthNanos());
                }
                return TAKEN;
            case 1:
                return limit.requestsPerMinute() > 0 ? scope.requests.take(limit.requestsPerMinute(), permit) : TAKEN;
            default:
                return limit.concurrentRequests() > 0 ? scope.slots.take(limit.concurrentRequests(), permit) : TAKEN;
        }
    }

    private CompletableFuture<QuotaPermit> refused(Throwable failure) {
        permit.refused();
        final Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
        return CompletableFuture.failedFuture(cause);
    }
}
