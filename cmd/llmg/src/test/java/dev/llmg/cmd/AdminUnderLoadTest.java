package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;

import dev.llmg.internal.auth.ApiKeys;

/**
 * Admin changes under load lose no call: while callers send chat completions with one valid key, other keys and
 * levels are created, revoked and deleted over and over, and every call with the valid key succeeds.
 */
@Timeout(60)
class AdminUnderLoadTest {

    private static final String ADMIN_KEY = ApiKeys.generate();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            TestGateway.SIMULATOR_ONLY,
            "storage: {url: \"jdbc:h2:mem:admin-load-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1\"}",
            "auth: {required: true, admin_keys: [\"env:LLMG_ADMIN_KEY\"], refresh_interval: 100ms}",
            ""), Map.of("LLMG_ADMIN_KEY", ADMIN_KEY));

    @Test
    void everyCallWithTheValidKeySucceedsWhileAdminsChangeOtherThings() throws InterruptedException {
        final AdminRest admin = new AdminRest(gateway, ADMIN_KEY);
        admin.createEndpoint("load/search/backend/steady");
        final AdminRest caller = new AdminRest(gateway, admin.createKey("load/search/backend/steady")
                                                             .get("key").asText());
        final AtomicBoolean calling = new AtomicBoolean(true);
        final AtomicInteger answered = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final List<Thread> callers = List.of(new Thread(() -> call(caller, calling, answered, failures)),
                                             new Thread(() -> call(caller, calling, answered, failures)),
                                             new Thread(() -> call(caller, calling, answered, failures)),
                                             new Thread(() -> call(caller, calling, answered, failures)));
        callers.forEach(Thread::start);
        for (int round = 0; round < 15; round++) {
            final JsonNode other = admin.createKey("load/search/backend/steady");
            admin.ok(HttpMethod.POST, "/api/v1/admin/keys/" + other.at("/apiKey/id").asText() + ":revoke", "{}");
            admin.createLevel("load/search/churn" + round, "LEVEL_KIND_GROUP", "");
            admin.createLevel("load/search/churn" + round + "/ep", "LEVEL_KIND_ENDPOINT",
                              "\"upstream\": \"sim-echo\"");
            admin.createKey("load/search/churn" + round + "/ep");
            admin.ok(HttpMethod.DELETE, "/api/v1/admin/levels/load/search/churn" + round, null);
        }
        calling.set(false);
        for (Thread thread : callers) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(answered.get()).isGreaterThan(50);
    }

    private static void call(AdminRest caller, AtomicBoolean calling, AtomicInteger answered,
                             ConcurrentLinkedQueue<String> failures) {
        while (calling.get()) {
            final AggregatedHttpResponse response = caller.chat();
            if (response.status().code() == 200) {
                answered.incrementAndGet();
            } else {
                failures.add(response.status() + ": " + response.contentUtf8());
            }
        }
    }
}
