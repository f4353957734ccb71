package dev.llmg.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;

/** Where a caller's key comes from: Bearer first, then x-api-key, then (on a WebSocket upgrade only) the query. */
class CallerKeyTest {

    @Test
    void bearerWinsOverTheOthers() {
        assertThat(CallerKey.read(ctx(RequestHeaders.builder(HttpMethod.GET, "/api/v1/ws?api_key=q")
                                                     .add("authorization", "Bearer  b ").add("x-api-key", "x")
                                                     .add("upgrade", "websocket").add("sec-websocket-version", "13").build())))
                .contains("b");
    }

    @Test
    void xApiKeyIsReadWhenNoBearerCame() {
        assertThat(CallerKey.read(ctx(RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions")
                                                     .add("authorization", "Basic abc").add("x-api-key", "x")
                                                     .build())))
                .contains("x");
    }

    @Test
    void theQueryCountsOnlyOnAWebSocketUpgrade() {
        assertThat(CallerKey.read(ctx(RequestHeaders.builder(HttpMethod.GET, "/api/v1/ws?api_key=q")
                                                     .add("upgrade", "websocket").add("sec-websocket-version", "13").build())))
                .contains("q");
        assertThat(CallerKey.read(ctx(RequestHeaders.of(HttpMethod.GET, "/api/v1/inferences?api_key=q"))))
                .as("a key in a URL is accepted only where no header can be set").isEmpty();
    }

    @Test
    void noKeyAnywhereIsNoKey() {
        final ServiceRequestContext ctx = ctx(RequestHeaders.of(HttpMethod.GET, "/api/v1/ws"));
        assertThat(CallerKey.read(ctx)).isEmpty();
        assertThat(CallerKey.of(ctx)).isEmpty();
    }

    private static ServiceRequestContext ctx(RequestHeaders headers) {
        return ServiceRequestContext.of(HttpRequest.of(headers));
    }
}
