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

import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallFactory;
import dev.llmg.internal.call.Surface;
import dev.llmg.internal.embeddings.Embeddings;

/** Serves {@code POST /v1/embeddings} through the embeddings use case, in OpenAI's shape. */
final class OpenAiEmbeddingsService implements HttpService {

    private final Embeddings embeddings;
    private final CallFactory calls;

    @Inject
    OpenAiEmbeddingsService(Embeddings embeddings, CallFactory calls) {
        this.embeddings = requireNonNull(embeddings, "embeddings");
        this.calls = requireNonNull(calls, "calls");
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(OpenAiJsonBody.read(ctx, req).thenCompose(json -> {
            final Call call = calls.forRequest(ctx, Surface.OPENAI);
            final OpenAiEmbeddingsJson.Request request = OpenAiEmbeddingsJson.read(json);
            ctx.whenRequestCancelling().thenRun(call::cancel);
            return embeddings.create(request.embeddings(), call)
                             .thenApply(response -> HttpResponse.of(
                                     HttpStatus.OK, MediaType.JSON_UTF_8,
                                     HttpData.ofUtf8(OpenAiEmbeddingsJson.write(response, request.base64()).toString())));
        }).exceptionally(OpenAiErrorWriter::response));
    }
}
