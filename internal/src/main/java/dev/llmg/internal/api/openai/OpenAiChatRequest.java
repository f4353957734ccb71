package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import dev.llmg.api.gateway.v1.ChatRequest;

/**
 * An OpenAI chat request as llmg reads it: the canonical request, and what only this protocol needs to
 * shape the answer.
 *
 * @param chat the canonical request, for the chat use case
 * @param stream whether the caller asked for Server-Sent Events ({@code "stream": true})
 * @param includeUsage whether a stream ends with a usage-only chunk ({@code stream_options.include_usage})
 * @param legacyFunctions whether the caller used the deprecated {@code functions}, and so reads a
 *                        {@code function_call} in the answer instead of {@code tool_calls}
 */
record OpenAiChatRequest(ChatRequest chat, boolean stream, boolean includeUsage, boolean legacyFunctions) {

    /** Checks the canonical request is present. */
    OpenAiChatRequest {
        requireNonNull(chat, "chat");
    }

    /** Returns this request with {@code chat} as its canonical request. */
    OpenAiChatRequest withChat(ChatRequest chat) {
        return new OpenAiChatRequest(chat, stream, includeUsage, legacyFunctions);
    }
}
