package dev.llmg.internal.telemetry;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import java.util.List;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute names llmg's spans and metrics use: those of the OpenTelemetry GenAI semantic conventions
 * (v1.41, still incubating, hence written out here rather than taken from the semconv incubator artifact),
 * the general ones they rely on, and llmg's own under {@code llmg.}.
 */
final class GenAi {

    static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = doubleKey("gen_ai.request.temperature");
    static final AttributeKey<Double> REQUEST_TOP_P = doubleKey("gen_ai.request.top_p");
    static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY = doubleKey("gen_ai.request.frequency_penalty");
    static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY = doubleKey("gen_ai.request.presence_penalty");
    static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES = stringArrayKey("gen_ai.request.stop_sequences");
    static final AttributeKey<Long> REQUEST_SEED = longKey("gen_ai.request.seed");
    static final AttributeKey<Long> REQUEST_CHOICE_COUNT = longKey("gen_ai.request.choice.count");
    static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
    static final AttributeKey<String> OUTPUT_TYPE = stringKey("gen_ai.output.type");
    static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS = stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK = doubleKey("gen_ai.response.time_to_first_chunk");
    static final AttributeKey<Long> USAGE_INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS = longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
            longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS = longKey("gen_ai.usage.reasoning.output_tokens");
    static final AttributeKey<String> TOKEN_TYPE = stringKey("gen_ai.token.type");
    static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
    static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
    static final AttributeKey<String> SERVER_ADDRESS = stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = longKey("server.port");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = longKey("http.response.status_code");

    static final AttributeKey<String> FRONT_DOOR = stringKey("llmg.front_door");
    static final AttributeKey<String> REQUEST_ID = stringKey("llmg.request_id");
    static final AttributeKey<String> CALLER = stringKey("llmg.caller");
    static final AttributeKey<String> STATUS = stringKey("llmg.status");
    static final AttributeKey<String> PROVIDER = stringKey("llmg.provider");
    static final AttributeKey<String> TARGET = stringKey("llmg.target");
    static final AttributeKey<Long> ATTEMPT_NUMBER = longKey("llmg.attempt.number");
    static final AttributeKey<String> ATTEMPT_OUTCOME = stringKey("llmg.attempt.outcome");
    static final AttributeKey<String> ERROR_REASON = stringKey("llmg.error.reason");
    static final AttributeKey<String> PROVIDER_REQUEST_ID = stringKey("llmg.provider_request_id");
    static final AttributeKey<String> ROUTE_REQUESTED_MODEL = stringKey("llmg.route.requested_model");
    static final AttributeKey<String> ROUTE_RULE = stringKey("llmg.route.rule");
    static final AttributeKey<String> ROUTE_MODEL = stringKey("llmg.route.model");
    static final AttributeKey<String> ROUTE_STRATEGY = stringKey("llmg.route.strategy");
    static final AttributeKey<String> ROUTE_TARGET = stringKey("llmg.route.target");
    static final AttributeKey<List<String>> ROUTE_SKIPPED = stringArrayKey("llmg.route.skipped");
    static final AttributeKey<List<String>> ROUTE_FALLBACKS = stringArrayKey("llmg.route.fallbacks");
    static final AttributeKey<Long> ROUTE_ATTEMPTS = longKey("llmg.route.attempts");
    static final AttributeKey<Double> BACKOFF_SECONDS = doubleKey("llmg.backoff.seconds");
    static final AttributeKey<Double> COST_USD = doubleKey("llmg.cost.usd");
    static final AttributeKey<Double> OVERHEAD_SECONDS = doubleKey("llmg.overhead.seconds");

    private GenAi() {}

    /**
     * Returns the {@code gen_ai.provider.name} of a provider type: the conventions' well-known value where there
     * is one, the API's flavour for servers that speak it, and {@code llmg.simulator} for the simulator.
     */
    static String providerName(String type) {
        switch (type) {
            case "openai":
            case "openai-compatible":
                return "openai";
            case "azure":
                return "azure.ai.openai";
            case "anthropic":
                return "anthropic";
            case "gemini":
                return "gcp.gemini";
            case "bedrock":
                return "aws.bedrock";
            case "simulator":
                return "llmg.simulator";
            default:
                return type;
        }
    }
}
