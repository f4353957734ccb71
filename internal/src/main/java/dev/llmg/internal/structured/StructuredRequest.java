package dev.llmg.internal.structured;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.StructuredOutputOptions;
import dev.llmg.api.gateway.v1.StructuredOutputPolicy;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.config.StructuredPolicy;

/**
 * What one chat request asks llmg to check: its answer's JSON (a schema, or any JSON object) and its tools'
 * arguments, and how insistently (the request's own options over the model's configured policy).
 *
 * @param format the answer's format: text, any JSON object, or a schema
 * @param schema the answer's schema, for {@link ResponseFormatType#RESPONSE_FORMAT_TYPE_JSON_SCHEMA}; else null
 * @param tools each tool's parameter schema, by name (an empty Struct for a tool without one)
 * @param options the request's own structured-output options
 */
public record StructuredRequest(ResponseFormatType format, Struct schema, Map<String, Struct> tools,
                                StructuredOutputOptions options) {

    /** Checks the parts and keeps an unmodifiable copy of the tools. */
    public StructuredRequest {
        requireNonNull(format, "format");
        tools = Map.copyOf(tools);
        requireNonNull(options, "options");
    }

    /** Returns what {@code request} asks to be checked. */
    public static StructuredRequest of(ChatRequest request) {
        final ResponseFormatType format = request.getResponseFormat().getType();
        final Map<String, Struct> tools = new HashMap<>();
        for (Tool tool : request.getToolsList()) {
            tools.putIfAbsent(tool.getName(), tool.getParameters());
        }
        return new StructuredRequest(format, format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA
                                             ? request.getResponseFormat().getJsonSchema().getSchema() : null,
                                     tools, request.getStructuredOutput());
    }

    /** Returns whether the answer's content must be JSON. */
    public boolean wantsJson() {
        return format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT
               || format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA;
    }

    /** Returns whether anything of the answer is checked at all: JSON content or tool calls. */
    public boolean checksAnything() {
        return wantsJson() || !tools.isEmpty();
    }

    /** Returns whether streamed pieces carry the value parsed so far. */
    public boolean partials() {
        return !options.hasPartial() || options.getPartial();
    }

    /** Returns the settings that apply at a model whose configured ones are {@code configured}. */
    public StructuredOutputSettings settingsAt(StructuredOutputSettings configured) {
        final StructuredPolicy policy = options.getPolicy() == StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_UNSPECIFIED
                                        ? configured.policy() : policyOf(options.getPolicy());
        final int retries = options.hasMaxRetries() ? options.getMaxRetries() : configured.maxRetries();
        return new StructuredOutputSettings(policy, retries);
    }

    /** Returns the config policy an API policy names. */
    public static StructuredPolicy policyOf(StructuredOutputPolicy policy) {
        switch (policy) {
            case STRUCTURED_OUTPUT_POLICY_REPAIR:
                return StructuredPolicy.REPAIR;
            case STRUCTURED_OUTPUT_POLICY_RETRY:
                return StructuredPolicy.RETRY;
            case STRUCTURED_OUTPUT_POLICY_STRICT:
                return StructuredPolicy.STRICT;
            default:
                return StructuredPolicy.VALIDATE;
        }
    }

    /** Returns the API policy a config policy names. */
    public static StructuredOutputPolicy apiPolicyOf(StructuredPolicy policy) {
        switch (policy) {
            case REPAIR:
                return StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_REPAIR;
            case RETRY:
                return StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_RETRY;
            case STRICT:
                return StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_STRICT;
            default:
                return StructuredOutputPolicy.STRUCTURED_OUTPUT_POLICY_VALIDATE;
        }
    }
}
