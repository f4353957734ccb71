package dev.llmg.internal.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.auth.CallerKey;

/** Where the caller's key of a WebSocket comes from: the Authorization header first, else the query. */
class ChatWebSocketHandlerTest {

    @Test
    void takesTheKeyFromTheQueryWhenNoHeaderGaveOne() {
        final ServiceRequestContext ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/api/v1/ws?api_key=sk-query"));
        ChatWebSocketHandler.takeKeyFromQuery(ctx);
        assertThat(CallerKey.of(ctx)).contains("sk-query");
    }

    @Test
    void keepsTheHeadersKey() {
        final ServiceRequestContext ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/api/v1/ws?api_key=sk-query"));
        CallerKey.set(ctx, "sk-header");
        ChatWebSocketHandler.takeKeyFromQuery(ctx);
        assertThat(CallerKey.of(ctx)).contains("sk-header");
    }

    @Test
    void noKeyAnywhereIsNoKey() {
        final ServiceRequestContext ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/api/v1/ws"));
        ChatWebSocketHandler.takeKeyFromQuery(ctx);
        assertThat(CallerKey.of(ctx)).isEmpty();
    }
}
