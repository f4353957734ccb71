package dev.llmg.internal.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.spi.ErrorKind;

/** Each kind of limit on one instance (the memory store), with a clock moved by hand. */
class QuotaTest {

    /** 12:00:48 UTC: 12 s before the minute resets. */
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:48Z");

    private final MutableClock clock = new MutableClock(T0);
    private final Quotas quotas = new Quotas(new LocalQuotaStore(), Duration.ofMillis(20), clock,
                                             Duration.ofSeconds(5), Duration.ofSeconds(10));

    @AfterEach
    void close() {
        quotas.close();
    }

    @Test
    void requestsPerMinuteRefuseAtTheLimitUntilTheMinuteResets() {
        final QuotaScope team = scope("team:acme/search", new QuotaLimits(3, 0, 0, null, null));
        for (int i = 0; i < 3; i++) {
            final QuotaPermit permit = admit(team);
            assertThat(permit.headers().entries()).containsExactly(
                    Map.entry("x-ratelimit-limit-requests", "3"),
                    Map.entry("x-ratelimit-remaining-requests", Integer.toString(2 - i)),
                    Map.entry("x-ratelimit-reset-requests", "12s"));
            permit.release(0, BigDecimal.ZERO);
        }

        final QuotaExceededException refusal = refusal(team);
        assertThat(refusal.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(refusal.reason()).isEqualTo("rate_limit_exceeded");
        assertThat(refusal.scope()).isEqualTo("team:acme/search");
        assertThat(refusal.getMessage()).isEqualTo("team:acme/search has used its 3 requests per minute; retry after 12s");
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(refusal.headers().entries()).contains(Map.entry("x-ratelimit-remaining-requests", "0"),
                                                         Map.entry("x-ratelimit-reset-requests", "12s"));

        clock.advance(Duration.ofSeconds(12));
        assertThat(admit(team).headers().remainingRequests()).as("a new minute").isEqualTo(2);
    }

    @Test
    void tokensPerMinuteRefuseOnceTheChargedTokensReachTheLimit() {
        final QuotaScope key = scope("key:1a2b3c4d", new QuotaLimits(0, 1000, 0, null, null));
        admit(key).release(600, BigDecimal.ZERO);
        final QuotaPermit second = admit(key);
        assertThat(second.headers().entries()).containsExactly(
                Map.entry("x-ratelimit-limit-tokens", "1000"),
                Map.entry("x-ratelimit-remaining-tokens", "400"),
                Map.entry("x-ratelimit-reset-tokens", "12s"));
        second.release(400, BigDecimal.ZERO);

        final QuotaExceededException refusal = refusal(key);
        assertThat(refusal.reason()).isEqualTo("rate_limit_exceeded");
        assertThat(refusal.getMessage()).isEqualTo("key:1a2b3c4d has used its 1000 tokens per minute; retry after 12s");
        assertThat(refusal.headers().remainingTokens()).isZero();

        clock.advance(Duration.ofSeconds(13));
        admit(key);
    }

    @Test
    void spendPerDayAndMonthRefuseWithBudgetExceededUntilTheirWindowsReset() {
        final QuotaScope tenant = scope("tenant:acme", new QuotaLimits(0, 0, 0, new BigDecimal("1.00"), new BigDecimal("1.50")));
        admit(tenant).release(10, new BigDecimal("0.6"));
        admit(tenant).release(10, new BigDecimal("0.4"));

        final QuotaExceededException daily = refusal(tenant);
        assertThat(daily.reason()).isEqualTo("budget_exceeded");
        assertThat(daily.getMessage()).isEqualTo("tenant:acme has spent its 1 USD per day; retry after 11h59m12s");
        assertThat(daily.retryAfter()).isEqualTo(Duration.ofHours(11).plusMinutes(59).plusSeconds(12));

        clock.advance(Duration.ofHours(12));
        admit(tenant).release(10, new BigDecimal("0.5"));
        final QuotaExceededException monthly = refusal(tenant);
        assertThat(monthly.getMessage()).startsWith("tenant:acme has spent its 1.5 USD per month; retry after ");
        assertThat(monthly.retryAfter()).isEqualTo(Duration.between(clock.instant(), Instant.parse("2026-04-01T00:00:00Z")));
    }

    @Test
    void concurrentRequestsRefuseWhileTheSlotsAreTakenAndReleaseIsIdempotent() {
        final QuotaScope endpoint = scope("endpoint:acme/search/api", new QuotaLimits(0, 0, 2, null, null));
        final QuotaPermit first = admit(endpoint);
        admit(endpoint);

        final QuotaExceededException refusal = refusal(endpoint);
        assertThat(refusal.getMessage()).isEqualTo("endpoint:acme/search/api has 2 requests in flight, its limit; retry after 1s");
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(first.headers().isEmpty()).as("concurrency has no OpenAI header").isTrue();

        first.release(0, BigDecimal.ZERO);
        first.release(0, BigDecimal.ZERO);
        admit(endpoint);
        assertThat(refusal(endpoint)).as("the second release freed nothing").isNotNull();
    }

    @Test
    void releaseChargesOnlyOnce() {
        final QuotaScope key = scope("key:feedbeef", new QuotaLimits(0, 100, 0, null, null));
        final QuotaPermit permit = admit(key);
        permit.release(60, BigDecimal.ZERO);
        permit.release(60, BigDecimal.ZERO);
        assertThat(admit(key).headers().remainingTokens()).isEqualTo(40);
    }

    @Test
    void aRefusalByALaterScopeGivesBackTheUnitsAndSlotsOfTheEarlierOnes() {
        final QuotaScope key = scope("key:cafe0001", new QuotaLimits(100, 0, 2, null, null));
        final QuotaScope team = scope("team:acme/billing", new QuotaLimits(1, 0, 0, null, null));
        admit(key, team);
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(key, team).scope()).isEqualTo("team:acme/billing");
        }

        final QuotaPermit alone = admit(key);
        assertThat(alone.headers().remainingRequests()).as("only two units were used").isEqualTo(98);
        assertThat(refusal(key).getMessage()).as("both slots are in use, none leaked").contains("2 requests in flight");
    }

    @Test
    void headersComeFromTheMostConstrainedScope() {
        final QuotaScope tenant = scope("tenant:big", new QuotaLimits(1000, 50_000, 0, null, null));
        final QuotaScope key = scope("key:small", new QuotaLimits(10, 0, 0, null, null));
        final RateLimitHeaders headers = admit(tenant, key).headers();
        assertThat(headers.limitRequests()).isEqualTo(10);
        assertThat(headers.remainingRequests()).isEqualTo(9);
        assertThat(headers.limitTokens()).isEqualTo(50_000);
        assertThat(headers.remainingTokens()).isEqualTo(50_000);
    }

    @Test
    void scopesWithoutLimitsAdmitAtOnceWithNoHeaders() {
        final CompletableFuture<QuotaPermit> admitted = quotas.admit(List.of(scope("tenant:free", QuotaLimits.none())));
        assertThat(admitted).isCompleted();
        assertThat(admitted.join().headers().entries()).isEmpty();
    }

    @Test
    void writesDurationsAsOpenAiDoes() {
        assertThat(RateLimitHeaders.durationText(Duration.ofMillis(20))).isEqualTo("20ms");
        assertThat(RateLimitHeaders.durationText(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(RateLimitHeaders.durationText(Duration.ofMinutes(6))).isEqualTo("6m0s");
        assertThat(RateLimitHeaders.durationText(Duration.ofMillis(1500))).isEqualTo("2s");
        assertThat(RateLimitHeaders.durationText(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
    }

    @Test
    void readsLimitsAndSettingsFromTheConfigurationAndNamesBadKeys() {
        final ConfigSection limits = section("""
                quota:
                  requests_per_minute: 60
                  tokens_per_minute: 100000
                  concurrent_requests: 4
                  spend_per_day: 2.50
                  spend_per_month: "50"
                """);
        assertThat(QuotaLimits.from(limits.section("quota").orElseThrow()))
                .isEqualTo(new QuotaLimits(60, 100_000, 4, new BigDecimal("2.5"), new BigDecimal("50")));

        assertThatThrownBy(() -> QuotaLimits.from(section("quota: {request_per_minute: 60}").section("quota").orElseThrow()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.quota.request_per_minute: unknown key");
        assertThatThrownBy(() -> QuotaLimits.from(section("quota: {spend_per_day: lots}").section("quota").orElseThrow()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.quota.spend_per_day: must be an amount");
        assertThatThrownBy(() -> QuotaLimits.from(section("quota: {concurrent_requests: -1}").section("quota").orElseThrow()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.quota.concurrent_requests:");

        assertThat(QuotaSettings.from(section("quotas: {store: database, sync_interval: 50ms}").section("quotas").orElseThrow()))
                .isEqualTo(new QuotaSettings(QuotaSettings.Store.DATABASE, Duration.ofMillis(50)));
        assertThat(QuotaSettings.from(section("quotas: {}").section("quotas").orElseThrow())).isEqualTo(QuotaSettings.defaults());
        assertThatThrownBy(() -> QuotaSettings.from(section("quotas: {store: redis}").section("quotas").orElseThrow()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.quotas.store: must be memory or database");
        assertThatThrownBy(() -> QuotaSettings.from(section("quotas: {sync: 1s}").section("quotas").orElseThrow()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("limits.quotas.sync: unknown key");
    }

    private static ConfigSection section(String yaml) {
        // auth: is read by another package; limits: is a top-level key the loader accepts today.
        return new ConfigLoader(Map.of()).parse("limits:\n" + yaml.indent(2)).section("limits").orElseThrow();
    }

    private static QuotaScope scope(String id, QuotaLimits limits) {
        return new QuotaScope(id, limits);
    }

    private QuotaPermit admit(QuotaScope... scopes) {
        return quotas.admit(List.of(scopes)).join();
    }

    private QuotaExceededException refusal(QuotaScope... scopes) {
        try {
            quotas.admit(List.of(scopes)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof QuotaExceededException) {
                return (QuotaExceededException) e.getCause();
            }
            throw e;
        }
        throw new AssertionError("admitted");
    }
}
