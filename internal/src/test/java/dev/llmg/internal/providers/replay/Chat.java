package dev.llmg.internal.providers.replay;

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
public final class Chat {

    private Chat() {}

    public static Message system(String text) {
        return message(Role.ROLE_SYSTEM, text);
    }

    public static Message developer(String text) {
        return message(Role.ROLE_DEVELOPER, text);
    }

    public static Message user(String text) {
        return message(Role.ROLE_USER, text);
    }

    public static Message user(ContentPart... parts) {
        return Message.newBuilder().setRole(Role.ROLE_USER).addAllContent(List.of(parts)).build();
    }

    public static Message assistant(String text) {
        return message(Role.ROLE_ASSISTANT, text);
    }

    public static Message assistantCalling(ToolCall... calls) {
        return Message.newBuilder().setRole(Role.ROLE_ASSISTANT).addAllToolCalls(List.of(calls)).build();
    }

    public static Message toolResult(String callId, String text) {
        return message(Role.ROLE_TOOL, text).toBuilder().setToolCallId(callId).build();
    }

    public static ToolCall call(String id, String name, String arguments) {
        return ToolCall.newBuilder().setId(id).setName(name).setArguments(arguments).build();
    }

    public static ContentPart text(String text) {
        return ContentPart.newBuilder().setText(text).build();
    }

    public static ContentPart image(String url) {
        return ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder().setUrl(url)).build();
    }

    public static Tool tool(String name, String description, String parametersJson, boolean strict) {
        return Tool.newBuilder()
                   .setName(name)
                   .setDescription(description)
                   .setParameters(Fixtures.struct(parametersJson))
                   .setStrict(strict)
                   .build();
    }

    public static ToolChoice mode(ToolChoiceMode mode) {
        return ToolChoice.newBuilder().setMode(mode).build();
    }

    private static Message message(Role role, String text) {
        return Message.newBuilder().setRole(role).addContent(text(text)).build();
    }
}
