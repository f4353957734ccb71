package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.internal.auth.ApiKeys;

/**
 * A browser cannot set headers on a WebSocket upgrade, so the chat socket also takes its key from {@code ?api_key=}
 * (README says why that is the less safe way); a missing or unknown key refuses the upgrade with 401.
 */
class TenancyWebSocketTest {

    private static final String KEY = ApiKeys.generate();
    private static final String ORIGIN = "http://localhost:8000";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY
            + "auth: {required: true}\n"
            + "tenants: [{name: a, teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["
            + ApiKeys.hash(KEY) + "]}]}]}]}]\n");

    @Test
    void theQuerysKeyOpensTheSocketAndAMissingOrUnknownOneIsRefused() {
        final WsClient ws = WsClient.of(WsClient.handshake(gateway.httpUri(), WsClient.PATH + "?api_key=" + KEY,
                                                           ORIGIN).join());
        ws.request("k", TestGateway.ask("sim-echo", "keyed"));
        assertThat(ws.next().path("type").asText()).isNotEqualTo("error");
        ws.close();
        assertThatThrownBy(() -> WsClient.handshake(gateway.httpUri(), WsClient.PATH, ORIGIN).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("401");
        assertThatThrownBy(() -> WsClient.handshake(gateway.httpUri(), WsClient.PATH + "?api_key=sk-x", ORIGIN)
                                         .join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("401");
    }
}
