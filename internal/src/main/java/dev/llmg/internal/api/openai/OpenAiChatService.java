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

import dev.llmg.internal.chat.ChatCall;
import dev.llmg.internal.chat.ChatCompletions;

/**
 * Serves {@code POST /v1/chat/completions}: reads OpenAI's request, hands the canonical one to the chat use
 * case, and answers with a {@code chat.completion} or, for {@code "stream": true}, with Server-Sent Events.
 *
 * <p>Nothing blocks: the body is aggregated and parsed as it arrives on the event loop, and answers are
 * written when the provider's future completes or as its stream produces pieces.
 */
final class OpenAiChatService implements HttpService {

    private final ChatCompletions chat;

    @Inject
    OpenAiChatService(ChatCompletions chat) {
        this.chat = requireNonNull(chat, "chat");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final long startNanos = System.nanoTime();
        return HttpResponse.of(OpenAiJsonBody.read(ctx, req).thenApply(json -> {
            final OpenAiChatRequest request = OpenAiChatRequestReader.read(json);
            final ChatCall call = new ChatCall(ctx.id().text(), startNanos);
            if (request.stream()) {
                return OpenAiEventStream.relay(chat.stream(request.chat(), call),
                                               new OpenAiChunkWriter(request.includeUsage(), request.legacyFunctions()),
                                               ctx);
            }
            return HttpResponse.of(chat.complete(request.chat(), call).handle((response, cause) -> cause != null
                    ? OpenAiErrorWriter.response(cause)
                    : HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, HttpData.ofUtf8(
                            OpenAiChatResponseWriter.write(response, request.legacyFunctions()).toString()))));
        }).exceptionally(OpenAiErrorWriter::response));
    }
}
