package dev.llmg.internal.api.openai;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.annotation.Nullable;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.api.HttpErrors;

/**
 * Answers the HTTP errors Armeria raises for requests under {@code /v1} before a route's service runs (an
 * unknown method, headers it could not accept) in OpenAI's error shape; every other request is left to the
 * server's next handler.
 */
final class OpenAiProtocolErrors implements ServerErrorHandler {

    /** The path prefix of the OpenAI-compatible API. */
    static final String PREFIX = "/v1/";

    @Override
    public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return null; // the routes' own handler (OpenAiErrorWriter) answers service failures
    }

    @Override
    public @Nullable AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
                                                         @Nullable RequestHeaders headers, HttpStatus status,
                                                         @Nullable String description, @Nullable Throwable cause) {
        if (status.code() < 400 || headers == null || !headers.path().startsWith(PREFIX)) {
            return null;
        }
        return OpenAiErrorWriter.aggregated(status, HttpErrors.of(status, headers, config, description, cause));
    }
}
