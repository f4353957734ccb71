package dev.llmg.internal.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * Returns each request's id in an {@code x-request-id} header, the same id the answer's gateway metadata
 * and the logs carry, so that a caller can quote one string when something went wrong.
 */
final class RequestIdHeader extends SimpleDecoratingHttpService {

    RequestIdHeader(HttpService delegate) {
        super(delegate);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.addAdditionalResponseHeader("x-request-id", ctx.id().text());
        return unwrap().serve(ctx, req);
    }
}
