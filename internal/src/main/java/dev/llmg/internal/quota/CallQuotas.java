package dev.llmg.internal.quota;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javax.inject.Inject;
import javax.inject.Singleton;

import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.routing.PriceTable;

/**
 * Holds each call to the limits of every scope its caller belongs to (its key, endpoint, groups, team, tenant):
 * admitted before its first attempt, charged its tokens and cost when it ends, and refused with
 * RESOURCE_EXHAUSTED / 429 (with Retry-After and OpenAI's x-ratelimit-* headers) when a limit is reached. A caller
 * that nothing limits costs nothing here.
 */
@Singleton
public final class CallQuotas {

    private static final CompletableFuture<Void> NOTHING_TO_CHECK = CompletableFuture.completedFuture(null);

    private final Quotas quotas;
    private final PriceTable prices;

    @Inject
    CallQuotas(Quotas quotas, PriceTable prices) {
        this.quotas = requireNonNull(quotas, "quotas");
        this.prices = requireNonNull(prices, "prices");
    }

    /**
     * Admits {@code call}, or fails with {@link QuotaExceededException}; the future is complete at once unless this
     * replica's share of a fleet-wide limit has run out and the store must be asked.
     */
    public CompletableFuture<Void> admit(Call call) {
        final List<QuotaScope> scopes = call.caller().scopes();
        if (scopes.isEmpty()) {
            return NOTHING_TO_CHECK;
        }
        return quotas.admit(scopes).handle((permit, cause) -> {
            if (cause != null) {
                final Throwable refusal = cause instanceof CompletionException && cause.getCause() != null
                                          ? cause.getCause() : cause;
                if (refusal instanceof QuotaExceededException) {
                    call.rateLimited(((QuotaExceededException) refusal).headers());
                }
                throw new CompletionException(refusal);
            }
            if (!permit.headers().isEmpty()) {
                call.rateLimited(permit.headers());
            }
            call.recorder().atEnd(outcome -> permit.release(tokens(outcome), cost(outcome)));
            return null;
        });
    }

    private static long tokens(CallOutcome outcome) {
        return outcome.usage().map(usage -> (long) usage.getInputTokens() + usage.getOutputTokens()).orElse(0L);
    }

    private BigDecimal cost(CallOutcome outcome) {
        final Usage usage = outcome.usage().orElse(null);
        return usage == null ? BigDecimal.ZERO : prices.cost(outcome.gateway(), usage).orElse(BigDecimal.ZERO);
    }
}
