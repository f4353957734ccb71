package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;

import dev.llmg.internal.auth.ApiKeys;

/**
 * A browser cannot set headers on a WebSocket upgrade, so the chat socket also takes its key from {@code ?api_key=}
 * (README says why that is the less safe way); a missing or unknown key refuses the upgrade with 401, and a key
 * revoked while its socket is open is refused on the socket's next stream.
 */
class TenancyWebSocketTest {

    private static final String KEY = ApiKeys.generate();
    private static final String ADMIN = ApiKeys.generate();
    private static final String ORIGIN = "http://localhost:8000";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY
            + "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}\n"
            + "tenants: [{name: a, teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["
            + ApiKeys.hash(KEY) + "]}]}]}]}]\n");

    @Test
    void aKeyRevokedWhileItsSocketIsOpenIsRefusedOnTheSocketsNextStream() {
        final AdminRest admin = new AdminRest(gateway, ADMIN);
        final JsonNode issued = admin.createKey("a/t/g/e");
        final WsClient ws = WsClient.of(WsClient.handshake(
                gateway.httpUri(), WsClient.PATH + "?api_key=" + issued.get("key").asText(), ORIGIN).join());
        ws.request("before", TestGateway.ask("sim-echo", "before"));
        assertThat(last(ws, "before").path("type").asText()).isEqualTo("chat.done");

        admin.ok(HttpMethod.POST, "/api/v1/admin/keys/" + issued.get("apiKey").get("id").asText() + ":revoke", "{}");
        ws.request("after", TestGateway.ask("sim-echo", "after"));
        final JsonNode refused = last(ws, "after");
        assertThat(refused.path("type").asText()).isEqualTo("chat.error");
        assertThat(refused.toString()).contains("revoked");
        ws.close();
    }

    private static JsonNode last(WsClient ws, String id) {
        final List<JsonNode> stream = ws.streamOf(id, new ArrayList<>());
        return stream.get(stream.size() - 1);
    }

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
