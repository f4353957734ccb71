package dev.llmg.internal.providers.gemini;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.providers.ReasoningRequest;
import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.spi.GatewayException;

/**
 * Turns a canonical {@link ChatRequest} into the JSON body of Gemini's {@code generateContent}.
 *
 * <p>System and developer messages become {@code systemInstruction}; user and assistant turns become
 * {@code contents} with the roles {@code user} and {@code model}; tool results become {@code functionResponse}
 * parts of a user turn, named after the call they answer; consecutive turns of the same role are merged, so
 * that the results of parallel calls travel together. Schemas (tool parameters, response format) are sent as
 * JSON Schema, as given, in {@code parametersJsonSchema} and {@code responseJsonSchema}. Thought signatures go
 * back where Gemini put them (on its calls, and on the answer's text); on Gemini 3 models, which require one on the
 * first call of each step, a call that came without one (from another provider, or a client that dropped it)
 * carries the documented placeholder {@link #SKIP_SIGNATURE}. Reasoning asked for becomes {@code thinkingConfig}.
 */
final class GeminiRequestMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The thought signature Google accepts for a function call whose own signature is not known. */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

    private GeminiRequestMapper() {}

    /** Builds the body. */
    static ObjectNode toJson(ChatRequest request) {
        final ObjectNode body = NODES.objectNode();
        final ArrayNode contents = body.putArray("contents");
        final ArrayNode system = NODES.arrayNode();
        final Map<String, String> callNames = new HashMap<>();
        String lastRole = null;
        ArrayNode lastParts = null;
        for (int i = 0; i < request.getMessagesCount(); i++) {
            final Message message = request.getMessages(i);
            final String path = "messages[" + i + ']';
            if (message.getRole() == Role.ROLE_SYSTEM || message.getRole() == Role.ROLE_DEVELOPER) {
                system.addObject().put("text", text(message, path, "system messages"));
                continue;
            }
            final String role = role(message, path);
            final ArrayNode parts = parts(message, path, callNames, needsSignatures(request.getModel()));
            if (role.equals(lastRole)) {
                lastParts.addAll(parts); // Results of parallel calls answer in one turn.
            } else {
                lastRole = role;
                lastParts = parts;
                contents.addObject().put("role", role).set("parts", parts);
            }
        }
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").set("parts", system);
        }
        body.set("generationConfig", generationConfig(request));
        putTools(body, request);
        return body;
    }

    private static ObjectNode generationConfig(ChatRequest request) {
        final ObjectNode config = NODES.objectNode();
        if (request.hasTemperature()) {
            config.put("temperature", request.getTemperature());
        }
        if (request.hasTopP()) {
            config.put("topP", request.getTopP());
        }
        if (request.hasMaxTokens()) {
            config.put("maxOutputTokens", request.getMaxTokens());
        }
        if (request.getStopCount() > 0) {
            final ArrayNode stop = config.putArray("stopSequences");
            request.getStopList().forEach(stop::add);
        }
        if (request.hasN()) {
            config.put("candidateCount", request.getN());
        }
        if (request.hasSeed()) {
            if (request.getSeed() < Integer.MIN_VALUE || request.getSeed() > Integer.MAX_VALUE) {
                throw GatewayException.invalidArgument("seed", "Gemini takes a seed that fits in 32 bits");
            }
            config.put("seed", (int) request.getSeed());
        }
        if (request.hasPresencePenalty()) {
            config.put("presencePenalty", request.getPresencePenalty());
        }
        if (request.hasFrequencyPenalty()) {
            config.put("frequencyPenalty", request.getFrequencyPenalty());
        }
        putThinking(config, request);
        if (request.getLogprobs()) {
            config.put("responseLogprobs", true);
            if (request.hasTopLogprobs()) {
                config.put("logprobs", request.getTopLogprobs());
            }
        }
        final ResponseFormatType format = request.getResponseFormat().getType();
        if (format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT) {
            config.put("responseMimeType", "application/json");
        } else if (format == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA) {
            config.put("responseMimeType", "application/json");
            if (request.getResponseFormat().getJsonSchema().hasSchema()) {
                config.set("responseJsonSchema", struct(request.getResponseFormat().getJsonSchema().getSchema(),
                                                        "response_format.json_schema.schema"));
            }
        }
        return config;
    }

    private static void putTools(ObjectNode body, ChatRequest request) {
        if (request.hasWebSearchOptions()) {
            body.withArray("tools").addObject().putObject("googleSearch"); // Gemini's own web search
        }
        if (request.getToolsCount() > 0) {
            final ArrayNode declarations = body.withArray("tools").addObject().putArray("functionDeclarations");
            for (int i = 0; i < request.getToolsCount(); i++) {
                final Tool tool = request.getTools(i);
                final ObjectNode node = declarations.addObject().put("name", tool.getName());
                if (!tool.getDescription().isEmpty()) {
                    node.put("description", tool.getDescription());
                }
                if (tool.hasParameters()) {
                    node.set("parametersJsonSchema", struct(tool.getParameters(), "tools[" + i + "].parameters"));
                }
            }
        }
        if (!request.hasToolChoice()) {
            return;
        }
        final ObjectNode calling = NODES.objectNode();
        switch (request.getToolChoice().getChoiceCase()) {
            case MODE:
                switch (request.getToolChoice().getMode()) {
                    case TOOL_CHOICE_MODE_AUTO:
                        calling.put("mode", "AUTO");
                        break;
                    case TOOL_CHOICE_MODE_REQUIRED:
                        calling.put("mode", "ANY");
                        break;
                    case TOOL_CHOICE_MODE_NONE:
                        calling.put("mode", "NONE");
                        break;
                    case TOOL_CHOICE_MODE_UNSPECIFIED:
                        return;
                    default:
                        throw GatewayException.invalidArgument("tool_choice.mode", "unknown tool choice mode");
                }
                break;
            case TOOL_NAME:
                calling.put("mode", "ANY").putArray("allowedFunctionNames").add(request.getToolChoice().getToolName());
                break;
            default:
                return;
        }
        body.putObject("toolConfig").set("functionCallingConfig", calling);
    }

    private static String role(Message message, String path) {
        switch (message.getRole()) {
            case ROLE_USER:
            case ROLE_TOOL: // Function responses travel in a user turn.
                return "user";
            case ROLE_ASSISTANT:
                return "model";
            default:
                throw GatewayException.invalidArgument(path + ".role", "a message needs a role");
        }
    }

    /**
     * Asks for thinking, with its summaries in the answer: Gemini 3 takes a level (from the effort), earlier models
     * a token budget; a budget the caller set goes as a budget to either.
     */
    private static void putThinking(ObjectNode config, ChatRequest request) {
        if (!ReasoningRequest.asked(request)) {
            return;
        }
        final ObjectNode thinking = config.putObject("thinkingConfig").put("includeThoughts", true);
        if (needsSignatures(request.getModel()) && !request.getReasoning().hasBudgetTokens()) {
            final String effort = ReasoningRequest.effort(request).orElseThrow();
            thinking.put("thinkingLevel", effort.equals("minimal") ? "low" : effort);
        } else {
            thinking.put("thinkingBudget", ReasoningRequest.budget(request).orElseThrow());
        }
    }

    /** Gemini 3 models refuse a function call in the history without the signature of the thinking behind it. */
    private static boolean needsSignatures(String model) {
        return model.toLowerCase(Locale.ROOT).contains("gemini-3");
    }

    private static ArrayNode parts(Message message, String path, Map<String, String> callNames,
                                   boolean signCalls) {
        final ArrayNode parts = NODES.arrayNode();
        if (message.getRole() == Role.ROLE_TOOL) {
            String name = callNames.get(message.getToolCallId());
            if (name == null) {
                name = message.getName();
            }
            if (name.isEmpty()) {
                throw GatewayException.invalidArgument(path + ".tool_call_id",
                        "Gemini needs the name of the function a result answers: no earlier assistant message "
                        + "has a tool call with this id, and the message has no name");
            }
            parts.addObject().putObject("functionResponse").put("name", name)
                 .set("response", response(text(message, path, "tool results")));
            return parts;
        }
        final String signature = signature(message);
        for (int i = 0; i < message.getContentCount(); i++) {
            final ContentPart part = message.getContent(i);
            if (part.hasText()) {
                final ObjectNode text = parts.addObject().put("text", part.getText());
                if (i == 0 && signature != null) {
                    text.put("thoughtSignature", signature);
                }
            } else if (part.hasImageUrl()) {
                parts.add(image(part.getImageUrl().getUrl(), path + ".content[" + i + "].image_url.url"));
            } else {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "a content part needs text or an image_url");
            }
        }
        for (int i = 0; i < message.getToolCallsCount(); i++) {
            final ToolCall call = message.getToolCalls(i);
            callNames.put(call.getId(), call.getName());
            final ObjectNode part = parts.addObject();
            part.putObject("functionCall").put("name", call.getName())
                .set("args", arguments(call.getArguments(), path + ".tool_calls[" + i + "].arguments"));
            if (!call.getSignature().isEmpty()) {
                part.put("thoughtSignature", call.getSignature()); // as Gemini gave it with this call
            } else if (signCalls && i == 0) {
                // The call came from elsewhere; Google documents this value for calls whose signature is unknown.
                // Only the first call of a step needs one.
                part.put("thoughtSignature", SKIP_SIGNATURE);
            }
        }
        return parts;
    }

    /**
     * Returns the thought signature Gemini returned with an assistant message's text: a reasoning block that holds
     * only a signature (other providers' signed blocks carry their text, and are not Gemini's to check); null for
     * none.
     */
    private static String signature(Message message) {
        for (ReasoningBlock block : message.getReasoningBlocksList()) {
            if (!block.getSignature().isEmpty() && block.getText().isEmpty() && block.getRedacted().isEmpty()) {
                return block.getSignature();
            }
        }
        return null;
    }

    /** A result that is a JSON object goes as it is; any other text goes as {@code {"output": text}}. */
    private static JsonNode response(String text) {
        try {
            final JsonNode parsed = JSON.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (IOException e) {
            // Plain text: wrapped below.
        }
        return NODES.objectNode().put("output", text);
    }

    /** Builds {@code inlineData} for a base64 data URL, {@code fileData} for any other URL. */
    private static ObjectNode image(String url, String path) {
        final ObjectNode part = NODES.objectNode();
        if (url.startsWith("data:")) {
            final int comma = url.indexOf(',');
            final String meta = comma < 0 ? "" : url.substring(5, comma);
            if (!meta.endsWith(";base64")) {
                throw GatewayException.invalidArgument(path, "an image data URL must be data:<type>;base64,<data>");
            }
            part.putObject("inlineData").put("mimeType", meta.substring(0, meta.length() - ";base64".length()))
                .put("data", url.substring(comma + 1));
            return part;
        }
        final ObjectNode file = part.putObject("fileData");
        final String mimeType = mimeTypeOf(url);
        if (mimeType != null) {
            file.put("mimeType", mimeType);
        }
        file.put("fileUri", url);
        return part;
    }

    private static String mimeTypeOf(String url) {
        final String lower = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        return null;
    }

    private static String text(Message message, String path, String what) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < message.getContentCount(); i++) {
            if (!message.getContent(i).hasText()) {
                throw GatewayException.invalidArgument(path + ".content[" + i + ']',
                                                       "Gemini takes only text in " + what);
            }
            text.append(message.getContent(i).getText());
        }
        return text.toString();
    }

    private static JsonNode arguments(String arguments, String path) {
        if (arguments.isBlank()) {
            return NODES.objectNode();
        }
        try {
            final JsonNode input = JSON.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (IOException e) {
            // Reported below.
        }
        throw GatewayException.invalidArgument(path, "Gemini needs tool-call arguments that are a JSON object");
    }

    private static JsonNode struct(Struct struct, String path) {
        try {
            return StructJson.toJson(struct);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument(path, e.getMessage());
        }
    }
}
