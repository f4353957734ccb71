package dev.llmg.internal.admin;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ApiKey;
import dev.llmg.api.gateway.v1.AuditEvent;
import dev.llmg.api.gateway.v1.Level;
import dev.llmg.api.gateway.v1.LevelKind;
import dev.llmg.api.gateway.v1.ModelAllowlist;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.auth.grouping.IssuedKey;
import dev.llmg.internal.auth.grouping.DefaultParameters;
import dev.llmg.internal.quota.QuotaLimits;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Converts between AdminService's messages and the records the admin store and the grouping keep, checking what
 * callers send: a bad value is INVALID_ARGUMENT naming its field.
 */
final class AdminMessages {

    private AdminMessages() {}

    /** Returns the limits {@code limits} (at field {@code field}) sets; negative or non-finite ones are refused. */
    static QuotaLimits limits(dev.llmg.api.gateway.v1.QuotaLimits limits, String field) {
        nonNegative(limits.getRequestsPerMinute(), field + ".requests_per_minute");
        nonNegative(limits.getTokensPerMinute(), field + ".tokens_per_minute");
        nonNegative(limits.getConcurrentRequests(), field + ".concurrent_requests");
        return new QuotaLimits(limits.getRequestsPerMinute(), limits.getTokensPerMinute(),
                               limits.getConcurrentRequests(), spend(limits.getSpendPerDay(), field + ".spend_per_day"),
                               spend(limits.getSpendPerMonth(), field + ".spend_per_month"));
    }

    /** Returns the parameters {@code parameters} (at {@code level.parameters}) sets; out-of-range ones are refused. */
    static DefaultParameters parameters(dev.llmg.api.gateway.v1.DefaultParameters parameters) {
        try {
            return new DefaultParameters(
                    parameters.hasTemperature() ? parameters.getTemperature() : null,
                    parameters.hasTopP() ? parameters.getTopP() : null,
                    parameters.hasMaxTokens() ? parameters.getMaxTokens() : null,
                    parameters.hasSeed() ? parameters.getSeed() : null,
                    parameters.hasPresencePenalty() ? parameters.getPresencePenalty() : null,
                    parameters.hasFrequencyPenalty() ? parameters.getFrequencyPenalty() : null);
        } catch (IllegalArgumentException e) {
            throw invalid("level.parameters", "level.parameters." + e.getMessage());
        }
    }

    /** Returns {@code parameters} as the message. */
    static dev.llmg.api.gateway.v1.DefaultParameters parameters(DefaultParameters parameters) {
        final dev.llmg.api.gateway.v1.DefaultParameters.Builder message =
                dev.llmg.api.gateway.v1.DefaultParameters.newBuilder();
        if (parameters.temperature() != null) {
            message.setTemperature(parameters.temperature());
        }
        if (parameters.topP() != null) {
            message.setTopP(parameters.topP());
        }
        if (parameters.maxTokens() != null) {
            message.setMaxTokens(parameters.maxTokens());
        }
        if (parameters.seed() != null) {
            message.setSeed(parameters.seed());
        }
        if (parameters.presencePenalty() != null) {
            message.setPresencePenalty(parameters.presencePenalty());
        }
        if (parameters.frequencyPenalty() != null) {
            message.setFrequencyPenalty(parameters.frequencyPenalty());
        }
        return message.build();
    }

    /** Returns {@code limits} as the message. */
    static dev.llmg.api.gateway.v1.QuotaLimits limits(QuotaLimits limits) {
        return dev.llmg.api.gateway.v1.QuotaLimits.newBuilder()
                                                  .setRequestsPerMinute(limits.requestsPerMinute())
                                                  .setTokensPerMinute(limits.tokensPerMinute())
                                                  .setConcurrentRequests(limits.concurrentRequests())
                                                  .setSpendPerDay(dollars(limits.spendPerDay()))
                                                  .setSpendPerMonth(dollars(limits.spendPerMonth()))
                                                  .build();
    }

    /** Returns the level {@code level} describes at {@code depth} (already checked against its path). */
    static AdminLevel level(Level level, LevelDepth depth) {
        final List<String> models = level.hasAllowlist() ? new ArrayList<>(level.getAllowlist().getModelsList())
                                                         : null;
        if (!level.getAlias().isEmpty() && depth != LevelDepth.ENDPOINT) {
            throw invalid("level.alias", "only an endpoint has an alias");
        }
        return new AdminLevel(level.getPath(), depth, level.getAlias(), level.getUpstream(), models,
                              level.getTagsMap(), limits(level.getLimits(), "level.limits"),
                              parameters(level.getParameters()));
    }

    /** Returns {@code level} as the message, marked as coming from {@code source}. */
    static Level level(AdminLevel level, Source source) {
        final Level.Builder message = Level.newBuilder().setPath(level.path()).setKind(kind(level.depth()))
                                           .putAllTags(level.tags()).setLimits(limits(level.limits()))
                                           .setParameters(parameters(level.parameters()))
                                           .setSource(source);
        if (level.upstream() != null) {
            message.setUpstream(level.upstream());
        }
        if (level.alias() != null) {
            message.setAlias(level.alias());
        }
        if (level.models() != null) {
            message.setAllowlist(ModelAllowlist.newBuilder().addAllModels(level.models()));
        }
        return message.build();
    }

    /** Returns the depth {@code kind} names, or null when unset. */
    static LevelDepth depth(LevelKind kind) {
        switch (kind) {
            case LEVEL_KIND_TENANT:
                return LevelDepth.TENANT;
            case LEVEL_KIND_TEAM:
                return LevelDepth.TEAM;
            case LEVEL_KIND_GROUP:
                return LevelDepth.GROUP;
            case LEVEL_KIND_ENDPOINT:
                return LevelDepth.ENDPOINT;
            case LEVEL_KIND_UNSPECIFIED:
                return null;
            default:
                throw invalid("level.kind", "unknown kind " + kind);
        }
    }

    /** Returns {@code depth} as the message's kind. */
    static LevelKind kind(LevelDepth depth) {
        return LevelKind.valueOf("LEVEL_KIND_" + depth.name());
    }

    /** Returns an issued key as the message. */
    static ApiKey key(IssuedKey key) {
        final ApiKey.Builder message = ApiKey.newBuilder().setId(key.id()).setEndpoint(key.endpoint())
                                             .setName(key.name()).setHint(ApiKeys.hint(key.hash()))
                                             .setCreateTime(timestamp(key.createdAt()))
                                             .setLimits(limits(key.limits())).setSource(Source.SOURCE_DATABASE);
        if (key.expiresAt() != null) {
            message.setExpireTime(timestamp(key.expiresAt()));
        }
        if (key.revokedAt() != null) {
            message.setRevokeTime(timestamp(key.revokedAt()));
        }
        return message.build();
    }

    /** Returns an audit row as the message. */
    static AuditEvent event(GroupingStore.AuditRow row) {
        final Struct.Builder detail = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(row.detail(), detail);
        } catch (InvalidProtocolBufferException e) {
            detail.clear(); // another writer's detail that is not an object: the row is still listed
        }
        return AuditEvent.newBuilder().setId(row.id()).setTime(timestamp(row.at())).setActor(row.actor())
                         .setAction(row.action()).setTarget(row.target()).setDetail(detail).build();
    }

    /** Returns {@code instant} as the message. */
    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Returns the instant {@code timestamp} (at {@code field}) stands for. */
    static Instant instant(Timestamp timestamp, String field) {
        if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999) {
            throw invalid(field, "nanos must be between 0 and 999999999");
        }
        try {
            return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
        } catch (java.time.DateTimeException e) {
            throw invalid(field, "is out of range");
        }
    }

    /** Returns an INVALID_ARGUMENT error about {@code field}. */
    static GatewayException invalid(String field, String problem) {
        return new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_argument", field, field + ": " + problem,
                                    null);
    }

    private static void nonNegative(long value, String field) {
        if (value < 0) {
            throw invalid(field, "must not be negative (0 is unlimited)");
        }
    }

    private static BigDecimal spend(double dollars, String field) {
        if (Double.isNaN(dollars) || Double.isInfinite(dollars) || dollars < 0) {
            throw invalid(field, "must be a non-negative number of US dollars (0 is unlimited)");
        }
        return dollars == 0 ? null : BigDecimal.valueOf(dollars);
    }

    private static double dollars(BigDecimal spend) {
        return spend == null ? 0 : spend.doubleValue();
    }
}
