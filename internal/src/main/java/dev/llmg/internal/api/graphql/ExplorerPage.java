package dev.llmg.internal.api.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;

/**
 * The explorer page a browser gets from {@code GET /graphql}: a query box, variables, a run button, the answer,
 * and the schema's types read by introspection. It is one self-contained file ({@code explorer.html}): nothing
 * is fetched from elsewhere, so it works offline and under a strict Content-Security-Policy.
 */
final class ExplorerPage {

    private final byte[] html;

    ExplorerPage() {
        try (InputStream in = ExplorerPage.class.getResourceAsStream("explorer.html")) {
            if (in == null) {
                throw new IllegalStateException("explorer.html is not on the class path");
            }
            html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns whether a GET without a query comes from a browser, which asks for HTML first. */
    boolean wanted(RequestHeaders headers) {
        final String accept = headers.get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** Returns the page. */
    HttpResponse response() {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.HTML_UTF_8)
                                              .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                                              .set("content-security-policy", "default-src 'self'; "
                                                   + "script-src 'unsafe-inline'; style-src 'unsafe-inline'")
                                              .build(), HttpData.wrap(html));
    }
}
