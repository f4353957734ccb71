package dev.llmg.internal.api.openai;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Answers any other path under {@code /v1} with OpenAI's own 404 ("Invalid URL (METHOD /path)"), so that a
 * caller of an endpoint llmg does not serve gets an error its SDK understands.
 */
final class OpenAiNotFoundService implements HttpService {

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return OpenAiErrorWriter.response(new OpenAiHttpError(
                HttpStatus.NOT_FOUND, "unknown_url", "Invalid URL (" + req.method() + ' ' + req.path()
                                                     + "); llmg serves /v1/chat/completions, /v1/models and "
                                                     + "/v1/embeddings"));
    }
}
