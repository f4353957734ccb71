package dev.llmg.internal.providers.openai;

import java.util.List;

import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoice;
import dev.llmg.api.gateway.v1.ToolChoiceMode;

/**
 * Builds the canonical messages and tools that the tests send, so that each test reads like the recording.
 */
final class Chat {

    private Chat() {}

    static Message system(String text) {
        return message(Role.ROLE_SYSTEM, text);
    }

    static Message developer(String text) {
        return message(Role.ROLE_DEVELOPER, text);
    }

    static Message user(String text) {
        return message(Role.ROLE_USER, text);
    }

    static Message user(ContentPart... parts) {
        return Message.newBuilder().setRole(Role.ROLE_USER).addAllContent(List.of(parts)).build();
    }

    static Message assistant(String text) {
        return message(Role.ROLE_ASSISTANT, text);
    }

    static Message assistantCalling(ToolCall... calls) {
        return Message.newBuilder().setRole(Role.ROLE_ASSISTANT).addAllToolCalls(List.of(calls)).build();
    }

    static Message toolResult(String callId, String text) {
        return message(Role.ROLE_TOOL, text).toBuilder().setToolCallId(callId).build();
    }

    static ToolCall call(String id, String name, String arguments) {
        return ToolCall.newBuilder().setId(id).setName(name).setArguments(arguments).build();
    }

    static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }

    static ContentPart image(String url) {
        return ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder().setUrl(url)).build();
    }

    static Tool tool(String name, String description, String parametersJson, boolean strict) {
        return Tool.newBuilder()
                   .setName(name)
                   .setDescription(description)
                   .setParameters(Fixtures.struct(parametersJson))
                   .setStrict(strict)
                   .build();
    }

    static ToolChoice mode(ToolChoiceMode mode) {
        return ToolChoice.newBuilder().setMode(mode).build();
    }

    private static Message message(Role role, String text) {
        return Message.newBuilder().setRole(role).addContent(text(text)).build();
    }
}
