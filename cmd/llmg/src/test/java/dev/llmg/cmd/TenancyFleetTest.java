package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.testing.PostgresServer;

/**
 * A limit holds across replicas: two gateways sharing one real PostgreSQL (auth.quotas.store: database) admit no
 * more calls of an endpoint in a minute than its requests_per_minute, however the calls are spread over them, and
 * refuse the rest with 429.
 */
class TenancyFleetTest {

    private static final String KEY = ApiKeys.generate();
    private static final int LIMIT = 40;
    private static String database;

    @RegisterExtension
    @Order(1)
    static final TestGateway first = new TestGateway(() -> {
        database = PostgresServer.shared().newDatabase();
        return config();
    });

    @RegisterExtension
    @Order(2)
    static final TestGateway second = new TestGateway(TenancyFleetTest::config);

    private static final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterAll
    static void stopCallers() {
        callers.shutdownNow();
    }

    private static String config() {
        return String.join("\n",
                "providers: {simulator: {type: simulator, latency: 1ms}}",
                "models: [{name: sim-echo, provider: simulator}]",
                "storage: {url: \"" + database + "\"}",
                "tracking: {enabled: false}",
                "auth: {required: true, quotas: {store: database, sync_interval: 50ms}}",
                "tenants: [{name: a, teams: [{name: t, groups: [{name: g, endpoints: [{name: e,",
                "  limits: {requests_per_minute: " + LIMIT + "}, keys: [" + ApiKeys.hash(KEY) + "]}]}]}]}]",
                "");
    }

    @Test
    void twoReplicasTogetherAdmitNoMoreThanTheLimitInAMinute() throws Exception {
        final List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 3 * LIMIT; i++) {
            final TestGateway replica = i % 2 == 0 ? first : second;
            statuses.add(callers.submit(() -> WebClient.of(replica.httpUri()).execute(
                    RequestHeaders.builder(HttpMethod.POST, "/v1/chat/completions").contentType(MediaType.JSON)
                                  .add("authorization", "Bearer " + KEY).build(),
                    "{\"model\": \"sim-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                                                        .aggregate().join().status().code()));
        }
        int served = 0;
        int refused = 0;
        for (Future<Integer> status : statuses) {
            final int code = status.get();
            assertThat(code).isIn(200, 429);
            if (code == 200) {
                served++;
            } else {
                refused++;
            }
        }
        // A minute boundary falling inside the run opens a second window: then up to twice the limit is fair.
        assertThat(served).as("calls served by both replicas together").isBetween(LIMIT / 2, 2 * LIMIT);
        assertThat(refused).isPositive();
        assertThat(served).as("and, unless the run crossed a minute boundary, at most the limit")
                          .satisfiesAnyOf(count -> assertThat(count).isLessThanOrEqualTo(LIMIT),
                                          count -> assertThat(crossedAMinute()).isTrue());
    }

    private static final long STARTED_MINUTE = System.currentTimeMillis() / 60_000;

    private static boolean crossedAMinute() {
        return System.currentTimeMillis() / 60_000 != STARTED_MINUTE;
    }
}
