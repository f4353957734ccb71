package dev.llmg.internal.api.openai;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.api.streaming.SseResponder;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.chat.ChatCompletions;
import dev.llmg.spi.GatewayException;

/**
 * Serves {@code POST /v1/chat/completions}: reads OpenAI's request, hands the canonical one to the chat use
 * case, and answers with a {@code chat.completion} or, for {@code "stream": true}, with Server-Sent Events.
 *
 * <p>Nothing blocks: the body is aggregated and parsed as it arrives on the event loop, and answers are
 * written when the provider's future completes or as its stream produces pieces.
 */
final class OpenAiChatService implements HttpService {

    /** The header that names a stored conversation. */
    static final String CONVERSATION_HEADER = "x-llmg-conversation-id";

    private final ChatCompletions chat;
    private final CallFactory calls;

    @Inject
    OpenAiChatService(ChatCompletions chat, CallFactory calls) {
        this.chat = requireNonNull(chat, "chat");
        this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(OpenAiJsonBody.read(ctx, req).thenApply(json -> {
            final Call call = calls.forRequest(ctx, Surface.OPENAI);
            final OpenAiChatRequest request = withConversationHeader(OpenAiChatRequestReader.read(json), ctx);
            if (request.stream()) {
                return SseResponder.respond(chat.stream(request.chat(), call), new OpenAiSseDialect(
                        new OpenAiChunkWriter(request.includeUsage(), request.legacyFunctions())), ctx.eventLoop());
            }
            // A caller that goes away stops the attempt in flight and any retry.
            ctx.whenRequestCancelling().thenRun(call::cancel);
            return HttpResponse.of(chat.complete(request.chat(), call).handle((response, cause) -> cause != null
                    ? OpenAiErrorWriter.response(cause)
                    : HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(
                            OpenAiChatResponseWriter.write(response, request.legacyFunctions()).toString()))));
        }).exceptionally(OpenAiErrorWriter::response));
    }

    /**
     * Returns the request in the conversation that the {@code x-llmg-conversation-id} header names, for clients
     * that can add headers but not body fields; a conversation named in the body as well must be the same one.
     */
    private static OpenAiChatRequest withConversationHeader(OpenAiChatRequest request, ServiceRequestContext ctx) {
        final String header = ctx.request().headers().get(CONVERSATION_HEADER);
        if (header == null || header.equals(request.chat().getConversationId())) {
            return request;
        }
        if (!request.chat().getConversationId().isEmpty()) {
            throw GatewayException.invalidArgument(
                    "conversation_id", "the " + CONVERSATION_HEADER + " header names conversation '" + header
                                       + "' but the body names '" + request.chat().getConversationId()
                                       + "': name one conversation");
        }
        return request.withChat(request.chat().toBuilder().setConversationId(header).build());
    }
}
