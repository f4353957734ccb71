package dev.llmg.internal.api.openai;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.api.json.JsonText;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Reads the JSON body of a {@code POST} to the OpenAI-compatible API, and rejects what is no such body: another
 * method (405), a non-JSON content type (415), a body over {@code server.max_request_length} (413) and
 * malformed JSON (400, saying where it broke: also text after the JSON value, or a name twice in one object).
 *
 * <p>A request without a content type is read as JSON; one that declares another type is refused.
 */
final class OpenAiJsonBody {

    private OpenAiJsonBody() {}

    /** Aggregates and parses the body; the future fails with an error {@link OpenAiErrorWriter} answers. */
    static CompletableFuture<JsonNode> read(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.POST) {
            return CompletableFuture.failedFuture(methodNotAllowed(req, "POST"));
        }
        final MediaType contentType = req.contentType();
        if (contentType != null && !contentType.isJson()) {
            return CompletableFuture.failedFuture(new OpenAiHttpError(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "the request body must be JSON (content-type: application/json), not " + contentType));
        }
        return req.aggregate().handle((request, cause) -> {
            if (cause != null) {
                throw OpenAiErrorWriter.isTooLarge(cause) ? OpenAiErrorWriter.tooLarge(ctx.maxRequestLength())
                                                          : new GatewayException(ErrorKind.CANCELLED, "cancelled", "",
                                                                                 "the request body did not arrive", cause);
            }
            return parse(request.content().array());
        });
    }

    /** Returns the 405 for a route that serves only {@code allowed}. */
    static OpenAiHttpError methodNotAllowed(HttpRequest req, String allowed) {
        return new OpenAiHttpError(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                                   req.method() + " is not allowed on " + req.path() + "; use " + allowed);
    }

    private static JsonNode parse(byte[] body) {
        // The same strict syntax as every surface: one JSON value, nothing after it, no name twice.
        return JsonText.read(body, "the request body");
    }
}
