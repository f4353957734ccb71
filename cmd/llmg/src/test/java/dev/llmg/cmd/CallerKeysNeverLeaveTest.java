package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.client.LlmgClient;
import dev.llmg.internal.auth.ApiKeys;

/**
 * No caller's key, nor admin key, ends up anywhere but in the caller's own request: not in the log, not in a span,
 * not in any table of the database (records with their bodies, the admin API's keys and audit), not in an error.
 * Keys presented well, wrongly and to the admin API are all looked for.
 */
@Timeout(60)
class CallerKeysNeverLeaveTest {

    /** Attached before the server starts, so that start-up logging is captured too. */
    private static final CapturedLog log = CapturedLog.attach();

    private static final String KEY = ApiKeys.generate();
    private static final String ADMIN = ApiKeys.generate();
    private static final String UNKNOWN = ApiKeys.generate();
    private static final String DATABASE = "jdbc:h2:mem:caller-keys-never-leave;DB_CLOSE_DELAY=-1";
    private static final TestTelemetry telemetry = new TestTelemetry();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            TestGateway.SIMULATOR_ONLY,
            "storage: {url: \"" + DATABASE + "\"}",
            "tracking: {spill_dir: target/caller-keys-spill, flush_interval: 20ms, capture_bodies: true}",
            "telemetry: {capture_content: true}",
            "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}",
            "tenants: [{name: a, teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["
            + ApiKeys.hash(KEY) + "]}]}]}]}]",
            ""), telemetry);

    @Test
    void noKeyIsInTheLogASpanARecordOrAnError() throws Exception {
        final String chat = "{\"model\": \"sim-echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";
        final List<String> answers = new ArrayList<>();
        for (String key : List.of(KEY, UNKNOWN, ADMIN)) {
            final AggregatedHttpResponse answer = post("/v1/chat/completions", chat, key);
            answers.add(answer.headers() + answer.contentUtf8());
        }
        assertThat(LlmgClient.connect(gateway.httpUri(), KEY).complete(TestGateway.ask("sim-echo", "hi"))
                             .getChoicesCount()).isEqualTo(1);
        final AggregatedHttpResponse issued = post("/api/v1/admin/keys", "{\"endpoint\": \"a/t/g/e\"}", ADMIN);
        assertThat(issued.status().code()).as(issued.contentUtf8()).isEqualTo(200);
        final String issuedKey = new com.fasterxml.jackson.databind.ObjectMapper().readTree(issued.contentUtf8())
                                                                                   .get("key").asText();
        answers.add(post("/v1/chat/completions", chat, issuedKey).contentUtf8());
        answers.add(post("/api/v1/admin/keys", "{\"endpoint\": \"a/t/g/e\"}", KEY).contentUtf8());

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!database().contains("sim-echo") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        final String stored = database();
        assertThat(stored).as("the records were written").contains("sim-echo");
        final StringBuilder spans = new StringBuilder();
        telemetry.spans().forEach(span -> spans.append(span.getAttributes()).append(span.getName()));
        for (String key : List.of(KEY, UNKNOWN, ADMIN, issuedKey)) {
            final String secret = key.substring(ApiKeys.PREFIX.length());
            assertThat(log.text()).as("the log").doesNotContain(secret);
            assertThat(spans).as("the spans").doesNotContain(secret);
            assertThat(stored).as("the database").doesNotContain(secret);
            assertThat(answers).as("the answers").noneMatch(answer -> answer.contains(secret));
        }
    }

    /** Returns every value of every table of the gateway's database, as text. */
    private static String database() throws Exception {
        final StringBuilder all = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(DATABASE);
             Statement statement = connection.createStatement()) {
            final List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + '"')) {
                    while (rs.next()) {
                        for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                            all.append(rs.getString(column)).append('\t');
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    private static AggregatedHttpResponse post(String path, String body, String key) {
        return WebClient.of(gateway.httpUri()).execute(RequestHeaders.builder(HttpMethod.POST, path)
                                                                     .contentType(MediaType.JSON)
                                                                     .add("authorization", "Bearer " + key).build(),
                                                       body)
                        .aggregate().join();
    }
}
