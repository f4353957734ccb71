package dev.llmg.internal.admin;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.internal.auth.grouping.DefaultParameters;
import dev.llmg.internal.quota.QuotaLimits;

/**
 * The JSON text the admin tables keep settings in (allowlists, tags, limits) and the audit's details, so that the
 * same SQL runs on H2 and PostgreSQL without a vendor JSON type. Spend is written as a decimal string, never a
 * double, so that what was set is what is read.
 */
final class SettingsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SettingsJson() {}

    /** Returns a new empty object, e.g. for an audit detail. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Returns {@code limits} as a JSON object of its set fields only. */
    static ObjectNode limits(QuotaLimits limits) {
        final ObjectNode node = object();
        if (limits.requestsPerMinute() != 0) {
            node.put("requests_per_minute", limits.requestsPerMinute());
        }
        if (limits.tokensPerMinute() != 0) {
            node.put("tokens_per_minute", limits.tokensPerMinute());
        }
        if (limits.concurrentRequests() != 0) {
            node.put("concurrent_requests", limits.concurrentRequests());
        }
        if (limits.spendPerDay() != null && limits.spendPerDay().signum() != 0) {
            node.put("spend_per_day", limits.spendPerDay().toPlainString());
        }
        if (limits.spendPerMonth() != null && limits.spendPerMonth().signum() != 0) {
            node.put("spend_per_month", limits.spendPerMonth().toPlainString());
        }
        return node;
    }

    /** Reads what {@link #limits(QuotaLimits)} wrote. */
    static QuotaLimits limits(String text) {
        final JsonNode node = read(text);
        return new QuotaLimits(node.path("requests_per_minute").asLong(0), node.path("tokens_per_minute").asLong(0),
                               node.path("concurrent_requests").asInt(0), decimal(node.get("spend_per_day")),
                               decimal(node.get("spend_per_month")));
    }

    /** Returns {@code parameters} as a JSON object of its set fields only. */
    static ObjectNode parameters(DefaultParameters parameters) {
        final ObjectNode node = object();
        if (parameters.temperature() != null) {
            node.put("temperature", parameters.temperature());
        }
        if (parameters.topP() != null) {
            node.put("top_p", parameters.topP());
        }
        if (parameters.maxTokens() != null) {
            node.put("max_tokens", parameters.maxTokens());
        }
        if (parameters.seed() != null) {
            node.put("seed", parameters.seed());
        }
        if (parameters.presencePenalty() != null) {
            node.put("presence_penalty", parameters.presencePenalty());
        }
        if (parameters.frequencyPenalty() != null) {
            node.put("frequency_penalty", parameters.frequencyPenalty());
        }
        return node;
    }

    /** Reads what {@link #parameters(DefaultParameters)} wrote; a level stored before parameters (null) has none. */
    static DefaultParameters parameters(String text) {
        if (text == null) {
            return DefaultParameters.none();
        }
        final JsonNode node = read(text);
        return new DefaultParameters(node.has("temperature") ? node.get("temperature").asDouble() : null,
                                     node.has("top_p") ? node.get("top_p").asDouble() : null,
                                     node.has("max_tokens") ? node.get("max_tokens").asInt() : null,
                                     node.has("seed") ? node.get("seed").asLong() : null,
                                     node.has("presence_penalty") ? node.get("presence_penalty").asDouble() : null,
                                     node.has("frequency_penalty") ? node.get("frequency_penalty").asDouble() : null);
    }

    /** Returns {@code tags} as a JSON object. */
    static ObjectNode tags(Map<String, String> tags) {
        final ObjectNode node = object();
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        return node;
    }

    /** Reads what {@link #tags(Map)} wrote. */
    static Map<String, String> tags(String text) {
        final Map<String, String> tags = new LinkedHashMap<>();
        read(text).fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }

    /** Returns {@code models} as a JSON array, or null for "inherit". */
    static ArrayNode allowlist(List<String> models) {
        if (models == null) {
            return null;
        }
        final ArrayNode node = MAPPER.createArrayNode();
        models.forEach(node::add);
        return node;
    }

    /** Reads what {@link #allowlist(List)} wrote; null stays null ("inherit"). */
    static List<String> allowlist(String text) {
        if (text == null) {
            return null;
        }
        final List<String> models = new ArrayList<>();
        read(text).forEach(model -> models.add(model.asText()));
        return models;
    }

    /** Returns {@code node} as compact JSON text, or null for null. */
    static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always prints", e);
        }
    }

    /** Returns a level's settings, as the audit records what was set. */
    static ObjectNode detail(AdminLevel level) {
        final ObjectNode node = object();
        node.put("kind", level.depth().column());
        if (level.alias() != null) {
            node.put("alias", level.alias());
        }
        if (level.upstream() != null) {
            node.put("upstream", level.upstream());
        }
        if (level.models() != null) {
            node.set("allowlist", allowlist(level.models()));
        }
        node.set("tags", tags(level.tags()));
        node.set("limits", limits(level.limits()));
        node.set("parameters", parameters(level.parameters()));
        return node;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? null : new BigDecimal(node.asText());
    }

    private static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the admin tables hold JSON llmg wrote: " + e.getOriginalMessage(), e);
        }
    }
}
