package dev.llmg.internal.ui;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;

/**
 * Adds the headers that keep the dashboard to itself: scripts, styles and calls only from this origin (so an
 * injected string can never run, nor send the key elsewhere), no framing (clickjacking), no MIME sniffing and
 * no referrer carrying the page's address to other sites.
 */
final class DashboardHeaders extends SimpleDecoratingHttpService {

    /** The Content-Security-Policy of every dashboard file. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    DashboardHeaders(HttpService delegate) {
        super(delegate);
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ctx.mutateAdditionalResponseHeaders(headers -> headers.set("content-security-policy", CONTENT_SECURITY_POLICY)
                                                             .set("x-content-type-options", "nosniff")
                                                             .set("referrer-policy", "no-referrer")
                                                             .set("x-frame-options", "DENY"));
        return unwrap().serve(ctx, req);
    }
}
