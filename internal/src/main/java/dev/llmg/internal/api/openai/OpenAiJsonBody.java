package dev.llmg.internal.api.openai;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Reads the JSON body of a {@code POST} to the OpenAI-compatible API, and rejects what is no such body: another
 * method (405), a non-JSON content type (415), a body over {@code server.max_request_length} (413) and
 * malformed JSON (400, saying where it broke).
 *
 * <p>A request without a content type is read as JSON; one that declares another type is refused.
 */
final class OpenAiJsonBody {

    private static final ObjectMapper JSON = new ObjectMapper();

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
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            final String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ')';
            throw new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_json", "",
                                       "the request body is not valid JSON: " + e.getOriginalMessage() + where, null);
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail", e);
        }
        if (root == null || root.isMissingNode()) {
            throw new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_json", "",
                                       "the request body is empty: send a JSON object", null);
        }
        return root;
    }
}
