package dev.llmg.internal.api.sse;

import static java.util.Objects.requireNonNull;

import javax.inject.Inject;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.api.RestErrorHandler;
import dev.llmg.internal.api.streaming.ChatJson;
import dev.llmg.internal.api.ErrorJson;
import dev.llmg.internal.api.streaming.SseResponder;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.chat.ChatCompletions;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Serves {@code POST /api/v1/chat/completions:stream}: the body is the chat request, as for {@code POST
 * /api/v1/chat/completions}, and the answer streams back as Server-Sent Events (see {@link SseResponder}).
 *
 * <p>The transcoding of {@code ChatService} cannot serve this: Armeria transcodes unary methods only.
 * The route is an exact path because {@code :stream} would otherwise read as a path parameter.
 */
final class SseChatRoute implements RouteContributor, HttpService {

    /** The route's path. */
    static final String PATH = "/api/v1/chat/completions:stream";

    private final ChatCompletions chat;
    private final CallFactory calls;

    @Inject
    SseChatRoute(ChatCompletions chat, CallFactory calls) {
        this.chat = requireNonNull(chat, "chat");
        this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public void addTo(ServerBuilder sb) {
        sb.route().post("exact:" + PATH).build(this);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        final MediaType type = req.contentType();
        if (type == null || !type.isJson()) {
            return ErrorJson.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorStatus.orInternal(
                    new GatewayException(ErrorKind.INVALID_ARGUMENT, "unsupported_media_type", "",
                                         "send the chat request as JSON, with content-type: application/json"
                                         + (type == null ? "" : ", not " + type), null)));
        }
        // The body is one JSON object, read whole within server.max_request_length.
        return HttpResponse.of(req.aggregate().handle((body, cause) -> {
            if (cause != null) {
                final Throwable unwrapped = ErrorStatus.unwrap(cause);
                return unwrapped instanceof ContentTooLargeException ? RestErrorHandler.tooLarge(ctx.maxRequestLength()).toHttpResponse()
                                                                     : HttpResponse.ofFailure(unwrapped);
            }
            return answer(ctx, body);
        }));
    }

    private HttpResponse answer(ServiceRequestContext ctx, AggregatedHttpRequest body) {
        final Call call;
        final ChatRequest request;
        try {
            final JsonNode json = ChatJson.readObject(body.contentUtf8(), "the request body");
            call = calls.forRequest(ctx, Surface.SSE);
            request = ChatJson.toChatRequest(json, "");
        } catch (GatewayException e) {
            return ErrorJson.response(ErrorStatus.orInternal(e));
        }
        return SseResponder.respond(chat.stream(request, call), NativeSseDialect.INSTANCE, ctx.eventLoop());
    }
}
