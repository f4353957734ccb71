package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.array;
import static dev.llmg.internal.api.openai.StrictJson.bool;
import static dev.llmg.internal.api.openai.StrictJson.field;
import static dev.llmg.internal.api.openai.StrictJson.integer;
import static dev.llmg.internal.api.openai.StrictJson.longInteger;
import static dev.llmg.internal.api.openai.StrictJson.number;
import static dev.llmg.internal.api.openai.StrictJson.object;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.text;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.WebSearchOptions;
import dev.llmg.internal.api.json.ProtoJsonReader;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.spi.GatewayException;

/**
 * Reads the JSON body of OpenAI's {@code POST /v1/chat/completions} into the canonical {@link ChatRequest},
 * plus what only this protocol needs to answer ({@link OpenAiChatRequest}).
 *
 * <p>Types are checked strictly and a wrong one names its field; values are left to the use case's validator,
 * shared by every protocol. Fields llmg does not use (logprobs, store, service_tier, ...) are ignored, as
 * OpenAI's clients expect of a compatible server. The deprecated {@code functions} and {@code function_call}
 * become tools and a tool choice, and the answer is then written the legacy way. A stored conversation is named
 * by {@code metadata.conversation_id} or {@code llmg.conversation_id} (the service also reads the
 * {@code x-llmg-conversation-id} header).
 */
final class OpenAiChatRequestReader {

    /** The metadata key that names a stored conversation, as some OpenAI clients can send only metadata. */
    static final String CONVERSATION_METADATA = "conversation_id";

    private OpenAiChatRequestReader() {}

    /** Reads the request; throws an INVALID_ARGUMENT {@link GatewayException} naming the first bad field. */
    static OpenAiChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw wrongType("", "a JSON object", body);
        }
        final ChatRequest.Builder chat = ChatRequest.newBuilder();
        final String model = string(body, "model", "");
        if (model != null) {
            chat.setModel(model);
        }
        final ArrayNode messages = array(body, "messages", "");
        if (messages == null) {
            throw GatewayException.invalidArgument("messages", "messages is required: the conversation so far, "
                                                               + "e.g. [{\"role\": \"user\", \"content\": \"Hello\"}]");
        }
        new OpenAiMessageReader().read(messages, chat::addMessages);
        final boolean legacyFunctions = readTools(body, chat);
        readToolChoice(body, chat);
        readResponseFormat(body, chat);
        readSampling(body, chat);
        ReasoningJson.readConfig(body, chat);
        readLogprobsAndSearch(body, chat);
        LlmgRequestExtension.read(body, chat);
        final Boolean stream = bool(body, "stream", "");
        final ObjectNode streamOptions = object(body, "stream_options", "");
        final Boolean includeUsage = streamOptions == null ? null
                                                           : bool(streamOptions, "include_usage", "stream_options");
        return new OpenAiChatRequest(chat.build(), Boolean.TRUE.equals(stream), Boolean.TRUE.equals(includeUsage),
                                     legacyFunctions);
    }

    /** Reads {@code tools} or the deprecated {@code functions}; returns whether the latter were used. */
    private static boolean readTools(JsonNode body, ChatRequest.Builder chat) {
        final ArrayNode tools = array(body, "tools", "");
        final ArrayNode functions = array(body, "functions", "");
        if (tools != null && functions != null) {
            throw GatewayException.invalidArgument("functions", "send tools or the deprecated functions, not both");
        }
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                final String path = "tools[" + i + ']';
                final JsonNode tool = tools.get(i);
                if (!tool.isObject()) {
                    throw wrongType(path, "an object such as {\"type\": \"function\", \"function\": {...}}", tool);
                }
                final String type = string(tool, "type", path);
                if (type != null && !"function".equals(type)) {
                    throw GatewayException.invalidArgument(path + ".type", path + ".type '" + type
                                                                           + "' is not supported; use function");
                }
                final ObjectNode function = object(tool, "function", path);
                if (function == null) {
                    throw GatewayException.invalidArgument(path + ".function", path + ".function is required");
                }
                final Tool read = function(function, path + ".function");
                final CacheControl cache = CacheControlJson.read(tool, path);
                chat.addTools(cache == null ? read : read.toBuilder().setCacheControl(cache).build());
            }
        }
        if (functions != null) {
            for (int i = 0; i < functions.size(); i++) {
                final JsonNode function = functions.get(i);
                if (!function.isObject()) {
                    throw wrongType("functions[" + i + ']', "an object with a name", function);
                }
                chat.addTools(function((ObjectNode) function, "functions[" + i + ']'));
            }
        }
        return functions != null;
    }

    private static Tool function(ObjectNode function, String path) {
        final Tool.Builder tool = Tool.newBuilder();
        final String name = string(function, "name", path);
        if (name == null) {
            throw GatewayException.invalidArgument(path + ".name", path + ".name is required");
        }
        tool.setName(name);
        final String description = string(function, "description", path);
        if (description != null) {
            tool.setDescription(description);
        }
        final ObjectNode parameters = object(function, "parameters", path);
        if (parameters != null) {
            tool.setParameters(struct(parameters, path + ".parameters"));
        }
        return tool.setStrict(Boolean.TRUE.equals(bool(function, "strict", path))).build();
    }

    private static Struct struct(ObjectNode object, String path) {
        return ProtoJsonReader.NATIVE.read(object, Struct.getDefaultInstance(), path, path);
    }

    private static void readToolChoice(JsonNode body, ChatRequest.Builder chat) {
        final JsonNode toolChoice = field(body, "tool_choice");
        final JsonNode functionCall = field(body, "function_call");
        final String name = toolChoice != null ? "tool_choice" : "function_call";
        final JsonNode choice = toolChoice != null ? toolChoice : functionCall;
        if (choice == null) {
            return;
        }
        if (choice.isTextual()) {
            chat.setToolChoice(ToolChoice.newBuilder().setMode(OpenAiFields.toolChoiceMode(choice.textValue())
                    .filter(mode -> toolChoice != null || !"required".equals(choice.textValue()))
                    .orElseThrow(() -> GatewayException.invalidArgument(name, name + " must be "
                            + (toolChoice != null ? "auto, none, required" : "auto, none")
                            + " or an object naming a function, not '" + choice.textValue() + '\''))));
            return;
        }
        if (!choice.isObject()) {
            throw wrongType(name, "a string or an object naming a function", choice);
        }
        final String functionName;
        if (toolChoice != null) {
            final String type = string(choice, "type", name);
            if (type != null && !"function".equals(type)) {
                throw GatewayException.invalidArgument(name + ".type", name + ".type '" + type
                                                                       + "' is not supported; use function");
            }
            final ObjectNode function = object(choice, "function", name);
            functionName = function == null ? null : string(function, "name", name + ".function");
        } else {
            functionName = string(choice, "name", name); // the legacy {"name": "..."}
        }
        if (functionName == null) {
            throw GatewayException.invalidArgument(name, name + " must name the function the model must call");
        }
        chat.setToolChoice(ToolChoice.newBuilder().setToolName(functionName));
    }

    private static void readResponseFormat(JsonNode body, ChatRequest.Builder chat) {
        final ObjectNode format = object(body, "response_format", "");
        if (format == null) {
            return;
        }
        final String typeName = string(format, "type", "response_format");
        if (typeName == null) {
            throw GatewayException.invalidArgument("response_format.type", "response_format.type is required: "
                                                                           + "text, json_object or json_schema");
        }
        final ResponseFormatType type = OpenAiFields.responseFormatType(typeName).orElseThrow(
                () -> GatewayException.invalidArgument("response_format.type", "response_format.type must be "
                        + "text, json_object or json_schema, not '" + typeName + '\''));
        final ResponseFormat.Builder canonical = ResponseFormat.newBuilder().setType(type);
        if (type == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
            final String path = "response_format.json_schema";
            final ObjectNode jsonSchema = object(format, "json_schema", "response_format");
            if (jsonSchema == null) {
                throw GatewayException.invalidArgument(path, path + " is required with type json_schema");
            }
            final JsonSchema.Builder schema = JsonSchema.newBuilder();
            final String name = string(jsonSchema, "name", path);
            if (name != null) {
                schema.setName(name);
            }
            final String description = string(jsonSchema, "description", path);
            if (description != null) {
                schema.setDescription(description);
            }
            final ObjectNode definition = object(jsonSchema, "schema", path);
            if (definition != null) {
                schema.setSchema(struct(definition, path + ".schema"));
            }
            canonical.setJsonSchema(schema.setStrict(Boolean.TRUE.equals(bool(jsonSchema, "strict", path))));
        }
        chat.setResponseFormat(canonical);
    }

    private static void readSampling(JsonNode body, ChatRequest.Builder chat) {
        final Double temperature = number(body, "temperature", "");
        if (temperature != null) {
            chat.setTemperature(temperature);
        }
        final Double topP = number(body, "top_p", "");
        if (topP != null) {
            chat.setTopP(topP);
        }
        final Double presencePenalty = number(body, "presence_penalty", "");
        if (presencePenalty != null) {
            chat.setPresencePenalty(presencePenalty);
        }
        final Double frequencyPenalty = number(body, "frequency_penalty", "");
        if (frequencyPenalty != null) {
            chat.setFrequencyPenalty(frequencyPenalty);
        }
        // max_completion_tokens replaced max_tokens; when a caller sends both, the newer name wins.
        final Integer maxCompletionTokens = integer(body, "max_completion_tokens", "");
        final Integer maxTokens = integer(body, "max_tokens", "");
        if (maxCompletionTokens != null || maxTokens != null) {
            chat.setMaxTokens(maxCompletionTokens != null ? maxCompletionTokens : maxTokens);
        }
        readStop(body, chat);
        final Integer n = integer(body, "n", "");
        if (n != null) {
            chat.setN(n);
        }
        final Long seed = longInteger(body, "seed", "");
        if (seed != null) {
            chat.setSeed(seed);
        }
        final Boolean parallelToolCalls = bool(body, "parallel_tool_calls", "");
        if (parallelToolCalls != null) {
            chat.setParallelToolCalls(parallelToolCalls);
        }
        final String user = string(body, "user", "");
        if (user != null) {
            chat.setUser(user);
        }
        final ObjectNode metadata = object(body, "metadata", "");
        if (metadata != null) {
            for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
                final String value = string(metadata, entry.getKey(), "metadata");
                if (value == null) {
                    throw wrongType("metadata." + entry.getKey(), "a string", entry.getValue());
                }
                chat.putMetadata(entry.getKey(), value);
            }
            final String conversation = chat.getMetadataMap().get(CONVERSATION_METADATA);
            if (conversation != null) {
                chat.setConversationId(conversation); // llmg.conversation_id, read after, wins
            }
        }
    }

    /** Reads {@code logprobs}, {@code top_logprobs} and {@code web_search_options}, which providers may carry out. */
    private static void readLogprobsAndSearch(JsonNode body, ChatRequest.Builder chat) {
        final Boolean logprobs = bool(body, "logprobs", "");
        if (logprobs != null) {
            chat.setLogprobs(logprobs);
        }
        final Integer top = integer(body, "top_logprobs", "");
        if (top != null) {
            chat.setTopLogprobs(top);
        }
        final ObjectNode search = object(body, "web_search_options", "");
        if (search == null) {
            return;
        }
        final WebSearchOptions.Builder options = WebSearchOptions.newBuilder();
        final String size = string(search, "search_context_size", "web_search_options");
        if (size != null) {
            options.setSearchContextSize(size);
        }
        final ObjectNode location = object(search, "user_location", "web_search_options");
        if (location != null) {
            options.setUserLocation(struct(location, "web_search_options.user_location"));
        }
        chat.setWebSearchOptions(options);
    }

    private static void readStop(JsonNode body, ChatRequest.Builder chat) {
        final JsonNode stop = field(body, "stop");
        if (stop == null) {
            return;
        }
        if (stop.isTextual()) {
            chat.addStop(text(stop, "stop"));
            return;
        }
        if (!stop.isArray()) {
            throw wrongType("stop", "a string or an array of strings", stop);
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw wrongType("stop[" + i + ']', "a string", stop.get(i));
            }
            chat.addStop(text(stop.get(i), "stop[" + i + ']'));
        }
    }
}
