package dev.llmg.internal.api.openai;

import static dev.llmg.internal.api.openai.StrictJson.array;
import static dev.llmg.internal.api.openai.StrictJson.field;
import static dev.llmg.internal.api.openai.StrictJson.object;
import static dev.llmg.internal.api.openai.StrictJson.string;
import static dev.llmg.internal.api.openai.StrictJson.text;
import static dev.llmg.internal.api.openai.StrictJson.wrongType;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.CacheControl;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.openai.OpenAiFields;
import dev.llmg.spi.GatewayException;

/**
 * Reads the {@code messages} of an OpenAI chat request into canonical messages.
 *
 * <p>It takes content as a string or as parts (text, image_url with detail, refusal), assistant
 * {@code tool_calls}, tool results with {@code tool_call_id}, and the deprecated {@code function_call} and
 * {@code function} role. Those legacy turns carry no call id, so each legacy call gets one made up from its
 * position, and the next {@code function} message of the same name answers it: the canonical model (and
 * every current provider) pairs calls and results by id.
 */
final class OpenAiMessageReader {

    private static final String ROLES = "system, developer, user, assistant, tool";

    /** The made-up id of the latest legacy call of each function name, for the result that follows it. */
    private final Map<String, String> legacyCallIds = new HashMap<>();

    /** Reads every message of {@code messages}, in order, into {@code sink}. */
    void read(ArrayNode messages, Consumer<Message> sink) {
        for (int i = 0; i < messages.size(); i++) {
            sink.accept(message(messages.get(i), "messages[" + i + ']'));
        }
    }

    private Message message(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object with a role and content", node);
        }
        final String roleName = string(node, "role", path);
        if (roleName == null) {
            throw GatewayException.invalidArgument(path + ".role", path + ".role is required: one of " + ROLES);
        }
        final Message.Builder message = Message.newBuilder();
        final String name = string(node, "name", path);
        if (name != null) {
            message.setName(name);
        }
        if ("function".equals(roleName)) {
            return legacyFunctionResult(node, path, message, name);
        }
        final Role role = OpenAiFields.knownRole(roleName).orElseThrow(() -> GatewayException.invalidArgument(
                path + ".role", path + ".role '" + roleName + "' is not a role; use one of " + ROLES));
        message.setRole(role);
        readContent(node, path, message, role == Role.ROLE_ASSISTANT);
        final CacheControl cache = CacheControlJson.read(node, path);
        if (cache != null) {
            if (message.getContentCount() == 0) {
                throw GatewayException.invalidArgument(path + ".cache_control", path + ".cache_control needs "
                        + "content to cache up to; set it on a content part instead");
            }
            // On the message (as clients send it with string content): the cache ends at its last part.
            message.getContentBuilder(message.getContentCount() - 1).setCacheControl(cache);
        }
        final ArrayNode calls = array(node, "tool_calls", path);
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                message.addToolCalls(toolCall(calls.get(i), path + ".tool_calls[" + i + ']'));
            }
        }
        final ObjectNode legacyCall = object(node, "function_call", path);
        if (legacyCall != null) {
            final ToolCall call = function(legacyCall, path + ".function_call")
                    .setId("call_" + path.replaceAll("\\W", "")) // e.g. call_messages3, unique per request
                    .build();
            legacyCallIds.put(call.getName(), call.getId());
            message.addToolCalls(call);
        }
        final String toolCallId = string(node, "tool_call_id", path);
        if (toolCallId != null) {
            message.setToolCallId(toolCallId);
        }
        final String refusal = string(node, "refusal", path);
        if (refusal != null) {
            message.setRefusal(refusal);
        }
        if (role == Role.ROLE_ASSISTANT) {
            ReasoningJson.readMessage(node, path, message);
        }
        return message.build();
    }

    private Message legacyFunctionResult(JsonNode node, String path, Message.Builder message, String name) {
        if (name == null || name.isEmpty()) {
            throw GatewayException.invalidArgument(path + ".name",
                    path + ".name is required on a function message: the function whose result it is");
        }
        message.setRole(Role.ROLE_TOOL).setToolCallId(legacyCallIds.getOrDefault(name, "call_" + name));
        readContent(node, path, message, false);
        return message.build();
    }

    private static void readContent(JsonNode node, String path, Message.Builder message, boolean assistant) {
        final JsonNode content = field(node, "content");
        if (content == null) {
            return;
        }
        if (content.isTextual()) {
            // An assistant turn that only called tools often says content: "" — that is no content.
            if (!assistant || !content.textValue().isEmpty()) {
                message.addContent(ContentPart.newBuilder().setText(text(content, path + ".content")));
            }
            return;
        }
        if (!content.isArray()) {
            throw wrongType(path + ".content", "a string or an array of content parts", content);
        }
        for (int i = 0; i < content.size(); i++) {
            readPart(content.get(i), path + ".content[" + i + ']', message);
        }
    }

    private static void readPart(JsonNode part, String path, Message.Builder message) {
        if (!part.isObject()) {
            throw wrongType(path, "an object such as {\"type\": \"text\", \"text\": \"...\"}", part);
        }
        final String declared = string(part, "type", path);
        final String type = declared != null ? declared : field(part, "text") != null ? "text" : "";
        switch (type) {
            case "text":
                final String text = string(part, "text", path);
                if (text == null) {
                    throw GatewayException.invalidArgument(path + ".text", path + ".text is required");
                }
                message.addContent(cached(ContentPart.newBuilder().setText(text), part, path));
                break;
            case "image_url":
                message.addContent(cached(ContentPart.newBuilder().setImageUrl(imageUrl(part, path)), part, path));
                break;
            case "refusal":
                final String refusal = string(part, "refusal", path);
                message.setRefusal(message.getRefusal() + (refusal == null ? "" : refusal));
                break;
            case "input_audio":
            case "file":
                throw GatewayException.invalidArgument(path + ".type", path + ".type '" + type
                        + "' is not supported by llmg yet; send text or image_url parts");
            default:
                throw GatewayException.invalidArgument(path + ".type", path + ".type must be text, image_url "
                        + "or refusal" + (type.isEmpty() ? "" : ", not '" + type + '\''));
        }
    }

    private static ContentPart.Builder cached(ContentPart.Builder content, JsonNode part, String path) {
        final CacheControl cache = CacheControlJson.read(part, path);
        return cache == null ? content : content.setCacheControl(cache);
    }

    private static ImageUrl imageUrl(JsonNode part, String path) {
        final JsonNode image = field(part, "image_url");
        if (image != null && image.isTextual()) {
            // a shorthand some clients send
            return ImageUrl.newBuilder().setUrl(text(image, path + ".image_url")).build();
        }
        final ObjectNode object = object(part, "image_url", path);
        final String url = object == null ? null : string(object, "url", path + ".image_url");
        if (url == null) {
            throw GatewayException.invalidArgument(path + ".image_url.url", path + ".image_url.url is required: "
                                                                           + "an https: or data: URL");
        }
        final ImageUrl.Builder builder = ImageUrl.newBuilder().setUrl(url);
        final String detail = string(object, "detail", path + ".image_url");
        if (detail != null) {
            builder.setDetail(OpenAiFields.imageDetail(detail).orElseThrow(() -> GatewayException.invalidArgument(
                    path + ".image_url.detail", path + ".image_url.detail must be auto, low or high, not '"
                                                + detail + '\'')));
        }
        return builder.build();
    }

    private static ToolCall toolCall(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object with id, type and function", node);
        }
        final String type = string(node, "type", path);
        if (type != null && !"function".equals(type)) {
            throw GatewayException.invalidArgument(path + ".type", path + ".type must be function, not '"
                                                                   + type + '\'');
        }
        final ObjectNode function = object(node, "function", path);
        if (function == null) {
            throw GatewayException.invalidArgument(path + ".function", path + ".function is required");
        }
        final ToolCall.Builder call = function(function, path + ".function");
        final String id = string(node, "id", path);
        return call.setId(id == null ? "" : id).setSignature(ReasoningJson.readCallSignature(node, path)).build();
    }

    private static ToolCall.Builder function(ObjectNode function, String path) {
        final String name = string(function, "name", path);
        if (name == null) {
            throw GatewayException.invalidArgument(path + ".name", path + ".name is required");
        }
        final JsonNode arguments = field(function, "arguments");
        final String json;
        if (arguments == null) {
            json = "{}";
        } else if (arguments.isTextual()) {
            json = text(arguments, path + ".arguments");
        } else if (arguments.isObject()) {
            json = arguments.toString(); // some clients send the object itself instead of its JSON text
        } else {
            throw wrongType(path + ".arguments", "the arguments' JSON text", arguments);
        }
        return ToolCall.newBuilder().setName(name).setArguments(json);
    }
}
