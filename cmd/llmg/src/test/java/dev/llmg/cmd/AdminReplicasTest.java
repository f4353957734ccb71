package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.testing.PostgresServer;

/**
 * Two replicas share one real PostgreSQL: a key issued on replica A starts working on B, and a key revoked on A
 * is refused by B, each within {@code auth.refresh_interval} (polled with a generous bound, never timed).
 */
@Timeout(60)
class AdminReplicasTest {

    private static final String ADMIN_KEY = ApiKeys.generate();
    private static volatile String database;

    private static final Supplier<String> CONFIG = () -> {
        synchronized (AdminReplicasTest.class) {
            if (database == null) {
                database = PostgresServer.shared().newDatabase();
            }
        }
        return String.join("\n",
                TestGateway.SIMULATOR_ONLY,
                "storage: {url: \"" + database + "\"}",
                "auth: {required: true, admin_keys: [\"env:LLMG_ADMIN_KEY\"], refresh_interval: 200ms}",
                "");
    };

    @RegisterExtension
    @Order(1)
    static final TestGateway replicaA = new TestGateway(CONFIG, Map.of("LLMG_ADMIN_KEY", ADMIN_KEY));

    @RegisterExtension
    @Order(2)
    static final TestGateway replicaB = new TestGateway(CONFIG, Map.of("LLMG_ADMIN_KEY", ADMIN_KEY));

    @Test
    void aRevocationOnOneReplicaIsSeenByTheOther() throws InterruptedException {
        final AdminRest adminA = new AdminRest(replicaA, ADMIN_KEY);
        adminA.createEndpoint("fleet/search/backend/indexer");
        final JsonNode created = adminA.createKey("fleet/search/backend/indexer");
        final String key = created.get("key").asText();
        final AdminRest onA = new AdminRest(replicaA, key);
        final AdminRest onB = new AdminRest(replicaB, key);
        assertThat(onA.chat().status().code()).isEqualTo(200);
        assertThat(pollUntil(onB, 200).status().code()).as("B learns of the new key").isEqualTo(200);

        adminA.ok(HttpMethod.POST, "/api/v1/admin/keys/" + created.at("/apiKey/id").asText() + ":revoke", "{}");
        assertThat(onA.chat().status().code()).as("A refuses it at once").isEqualTo(401);
        final AggregatedHttpResponse refused = pollUntil(onB, 401);
        assertThat(refused.status().code()).as("B refuses it within the bound").isEqualTo(401);
        assertThat(refused.contentUtf8()).contains("revoked");
    }

    /** Calls until the answer has {@code status}, for at most 10 s; returns the last answer. */
    private static AggregatedHttpResponse pollUntil(AdminRest client, int status) throws InterruptedException {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        AggregatedHttpResponse response = client.chat();
        while (response.status().code() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            response = client.chat();
        }
        return response;
    }
}
