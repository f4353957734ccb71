package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.Durations;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;

import dev.llmg.api.gateway.v1.AdminServiceGrpc;
import dev.llmg.api.gateway.v1.AuditEvent;
import dev.llmg.api.gateway.v1.CreateKeyRequest;
import dev.llmg.api.gateway.v1.CreateKeyResponse;
import dev.llmg.api.gateway.v1.ListAuditEventsRequest;
import dev.llmg.api.gateway.v1.ListAuditEventsResponse;
import dev.llmg.api.gateway.v1.ListKeysRequest;
import dev.llmg.api.gateway.v1.ListLevelsRequest;
import dev.llmg.api.gateway.v1.ListProvidersRequest;
import dev.llmg.api.gateway.v1.RotateKeyRequest;
import dev.llmg.api.gateway.v1.RotateKeyResponse;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.api.gateway.v1.UpdateKeyRequest;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.auth.ApiKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * AdminService on the real gateway with {@code auth.required} over H2: levels and keys made over REST and gRPC
 * take effect at once for OpenAI-compatible calls, revocation, rotation and expiry refuse keys saying why, bad
 * input is a 4xx naming the problem, config's grouping is listed read-only, and the audit and key tables hold no
 * key.
 */
class AdminApiTest {

    private static final String ADMIN_KEY = ApiKeys.generate();
    private static final String CONFIG_KEY = ApiKeys.generate();
    private static final String DB_URL = "jdbc:h2:mem:admin-api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            TestGateway.SIMULATOR_ONLY,
            "storage: {url: \"" + DB_URL + "\"}",
            "auth: {required: true, admin_keys: [\"env:LLMG_ADMIN_KEY\"], refresh_interval: 200ms}",
            "tenants:",
            "  - name: cfg",
            "    teams:",
            "      - name: ops",
            "        groups:",
            "          - name: core",
            "            endpoints:",
            "              - name: bot",
            "                upstream: sim-echo",
            "                keys: [\"env:LLMG_CONFIG_KEY\"]",
            ""), Map.of("LLMG_ADMIN_KEY", ADMIN_KEY, "LLMG_CONFIG_KEY", CONFIG_KEY));

    private final AdminRest admin = new AdminRest(gateway, ADMIN_KEY);

    @Test
    void keysMadeOverRestWorkAtOnceAndRevokedOnesAreRefused() {
        admin.createEndpoint("rest/search/backend/indexer");
        final JsonNode created = admin.createKey("rest/search/backend/indexer");
        final String key = created.get("key").asText();
        assertThat(key).startsWith(ApiKeys.PREFIX);
        assertThat(created.at("/apiKey/hint").asText()).isEqualTo(ApiKeys.hint(ApiKeys.hash(key)));

        assertThat(new AdminRest(gateway, key).chat().status().code()).isEqualTo(200);
        final AggregatedHttpResponse none = new AdminRest(gateway, null).chat();
        assertThat(none.status().code()).isEqualTo(401);
        assertThat(none.contentUtf8()).contains("missing_api_key");
        final AggregatedHttpResponse unknown = new AdminRest(gateway, ApiKeys.generate()).chat();
        assertThat(unknown.status().code()).isEqualTo(401);
        assertThat(unknown.contentUtf8()).contains("invalid_api_key");

        final String id = created.at("/apiKey/id").asText();
        final JsonNode revoked = admin.ok(HttpMethod.POST, "/api/v1/admin/keys/" + id + ":revoke", "{}");
        assertThat(revoked.at("/apiKey/revokeTime").asText()).isNotEmpty();
        final AggregatedHttpResponse refused = new AdminRest(gateway, key).chat();
        assertThat(refused.status().code()).isEqualTo(401);
        assertThat(refused.contentUtf8()).contains("revoked");
    }

    @Test
    void rotationKeepsBothKeysForTheGracePeriodOverGrpc() throws Exception {
        admin.createEndpoint("grpc/search/backend/indexer");
        final AdminServiceGrpc.AdminServiceBlockingStub stub = stub(ADMIN_KEY);
        final CreateKeyResponse created = stub.createKey(CreateKeyRequest.newBuilder()
                                                                         .setEndpoint("grpc/search/backend/indexer")
                                                                         .setName("ci").build());
        final RotateKeyResponse rotated = stub.rotateKey(RotateKeyRequest.newBuilder()
                                                                         .setId(created.getApiKey().getId())
                                                                         .setGracePeriod(Durations.fromMillis(1500))
                                                                         .build());
        assertThat(rotated.getApiKey().getEndpoint()).isEqualTo("grpc/search/backend/indexer");
        assertThat(rotated.getApiKey().getName()).isEqualTo("ci");
        assertThat(rotated.getReplaced().hasRevokeTime()).isTrue();
        assertThat(new AdminRest(gateway, created.getKey()).chat().status().code()).isEqualTo(200);
        assertThat(new AdminRest(gateway, rotated.getKey()).chat().status().code()).isEqualTo(200);

        final Instant end = Instant.ofEpochSecond(rotated.getReplaced().getRevokeTime().getSeconds(),
                                                  rotated.getReplaced().getRevokeTime().getNanos());
        Thread.sleep(Math.max(0, end.toEpochMilli() - System.currentTimeMillis()) + 100);
        final AggregatedHttpResponse old = new AdminRest(gateway, created.getKey()).chat();
        assertThat(old.status().code()).isEqualTo(401);
        assertThat(old.contentUtf8()).contains("revoked");
        assertThat(new AdminRest(gateway, rotated.getKey()).chat().status().code()).isEqualTo(200);

        assertThatThrownBy(() -> stub.rotateKey(RotateKeyRequest.newBuilder().setId(created.getApiKey().getId())
                                                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
    }

    @Test
    void anExpiredKeyIsRefusedSayingSo() {
        admin.createEndpoint("expiry/search/backend/indexer");
        final JsonNode created = admin.createKey("expiry/search/backend/indexer");
        final String key = created.get("key").asText();
        assertThat(new AdminRest(gateway, key).chat().status().code()).isEqualTo(200);
        stub(ADMIN_KEY).updateKey(UpdateKeyRequest.newBuilder().setId(created.at("/apiKey/id").asText())
                                                  .setName("expired")
                                                  .setExpireTime(com.google.protobuf.util.Timestamps.fromMillis(
                                                          System.currentTimeMillis() - 1000))
                                                  .build());
        final AggregatedHttpResponse refused = new AdminRest(gateway, key).chat();
        assertThat(refused.status().code()).isEqualTo(401);
        assertThat(refused.contentUtf8()).contains("expired");
    }

    @Test
    void theAdminApiTakesOnlyAdminKeys() {
        final AggregatedHttpResponse asCaller = new AdminRest(gateway, CONFIG_KEY).send(
                HttpMethod.GET, "/api/v1/admin/levels", null);
        assertThat(asCaller.status().code()).isEqualTo(403);
        assertThat(asCaller.contentUtf8()).contains("admin");
        assertThat(new AdminRest(gateway, null).send(HttpMethod.GET, "/api/v1/admin/levels", null).status().code())
                .isEqualTo(401);
        assertThatThrownBy(() -> stub(CONFIG_KEY).listLevels(ListLevelsRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(stub(ADMIN_KEY).listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersList())
                .as("the provider half of the service, for admins too").extracting(p -> p.getName())
                .contains("simulator");
        assertThatThrownBy(() -> stub(CONFIG_KEY).listProviders(ListProvidersRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void badInputIsRefusedWithAReasonNeverA500() {
        admin.createEndpoint("bad/search/backend/indexer");
        final List<String[]> cases = List.of(
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"nowhere/team\", \"kind\": \"LEVEL_KIND_TEAM\"}", "does not exist"},
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"bad/other\", \"kind\": \"LEVEL_KIND_GROUP\"}", "level.kind"},
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"bad/search/backend/x\", \"kind\": \"LEVEL_KIND_ENDPOINT\", "
                              + "\"upstream\": \"no-such-model\"}", "no-such-model"},
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"bad/search\", \"kind\": \"LEVEL_KIND_TEAM\"}", "already"},
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"bad/search/x y\", \"kind\": \"LEVEL_KIND_GROUP\"}", "level.path"},
                new String[] {"POST", "/api/v1/admin/levels",
                              "{\"path\": \"bad/limits\", \"limits\": {\"requestsPerMinute\": -1}}",
                              "requests_per_minute"},
                new String[] {"PUT", "/api/v1/admin/levels/bad/nothing-here", "{}", "no level"},
                new String[] {"DELETE", "/api/v1/admin/levels/bad/nothing-here", null, "no level"},
                new String[] {"POST", "/api/v1/admin/keys", "{\"endpoint\": \"bad/search\"}", "no endpoint"},
                new String[] {"POST", "/api/v1/admin/keys",
                              "{\"endpoint\": \"bad/search/backend/indexer\", \"expireTime\": "
                              + "\"2001-01-01T00:00:00Z\"}", "expire_time"},
                new String[] {"POST", "/api/v1/admin/keys/key_nope:revoke", "{}", "no key"},
                new String[] {"PATCH", "/api/v1/admin/keys/key_nope", "{\"name\": \"x\"}", "no key"});
        for (String[] c : cases) {
            final AggregatedHttpResponse response = admin.send(HttpMethod.valueOf(c[0]), c[1], c[2]);
            assertThat(response.status().code()).as(c[0] + ' ' + c[1] + ' ' + c[2] + ": " + response.contentUtf8())
                                                .isBetween(400, 499);
            assertThat(response.contentUtf8()).as(c[0] + ' ' + c[1]).contains(c[3]);
        }
        assertThat(admin.send(HttpMethod.POST, "/api/v1/admin/levels",
                              "{\"path\": \"bad/search\", \"kind\": \"LEVEL_KIND_TEAM\"}").status().code())
                .isEqualTo(409);
    }

    @Test
    void configLevelsAreListedReadOnlyAndCanBeOverlaid() {
        final JsonNode levels = admin.ok(HttpMethod.GET, "/api/v1/admin/levels?under=cfg", null).get("levels");
        assertThat(levels).hasSize(4);
        levels.forEach(level -> assertThat(level.get("source").asText()).isEqualTo("SOURCE_CONFIG"));
        assertThat(levels.get(3).get("path").asText()).isEqualTo("cfg/ops/core/bot");

        final AggregatedHttpResponse update = admin.send(HttpMethod.PUT, "/api/v1/admin/levels/cfg/ops",
                                                         "{\"tags\": {\"a\": \"b\"}}");
        assertThat(update.status().code()).isEqualTo(400);
        assertThat(update.contentUtf8()).contains("read-only");
        assertThat(admin.send(HttpMethod.DELETE, "/api/v1/admin/levels/cfg/ops", null).contentUtf8())
                .contains("read-only");

        final JsonNode overlay = admin.createLevel("cfg/ops", "LEVEL_KIND_TEAM", "\"tags\": {\"cost\": \"ops\"}");
        assertThat(overlay.at("/level/source").asText()).isEqualTo("SOURCE_MERGED");
        admin.createLevel("cfg/ops/core/extra", "LEVEL_KIND_ENDPOINT", "\"upstream\": \"sim-echo\"");
        final String key = admin.createKey("cfg/ops/core/extra").get("key").asText();
        assertThat(new AdminRest(gateway, key).chat().status().code()).isEqualTo(200);
        assertThat(new AdminRest(gateway, CONFIG_KEY).chat().status().code()).isEqualTo(200);

        final List<Source> sources = new ArrayList<>();
        stub(ADMIN_KEY).listLevels(ListLevelsRequest.newBuilder().setUnder("cfg").build()).getLevelsList()
                       .forEach(level -> sources.add(level.getSource()));
        assertThat(sources).containsExactly(Source.SOURCE_CONFIG, Source.SOURCE_MERGED, Source.SOURCE_CONFIG,
                                            Source.SOURCE_CONFIG, Source.SOURCE_DATABASE);

        final var keys = stub(ADMIN_KEY).listKeys(ListKeysRequest.newBuilder().setUnder("cfg").build());
        final String configId = "config:" + ApiKeys.hint(ApiKeys.hash(CONFIG_KEY));
        assertThat(keys.getApiKeysList()).anySatisfy(k -> {
            assertThat(k.getId()).isEqualTo(configId);
            assertThat(k.getSource()).isEqualTo(Source.SOURCE_CONFIG);
        });
        assertThat(admin.send(HttpMethod.POST, "/api/v1/admin/keys/" + configId + ":revoke", "{}").contentUtf8())
                .contains("read-only");

        final JsonNode deleted = admin.ok(HttpMethod.DELETE, "/api/v1/admin/levels/cfg/ops", null);
        assertThat(deleted.get("deletedLevels").asInt()).isEqualTo(2);
        assertThat(deleted.get("deletedKeys").asInt()).isEqualTo(1);
        assertThat(new AdminRest(gateway, key).chat().status().code()).isEqualTo(401);
        assertThat(new AdminRest(gateway, CONFIG_KEY).chat().status().code()).isEqualTo(200);
    }

    @Test
    void theAuditRecordsEveryChangeAndNoTableHoldsAKey() throws SQLException {
        admin.createEndpoint("audit/search/backend/indexer");
        final JsonNode created = admin.createKey("audit/search/backend/indexer");
        final String key = created.get("key").asText();
        final String id = created.at("/apiKey/id").asText();
        final JsonNode rotated = admin.ok(HttpMethod.POST, "/api/v1/admin/keys/" + id + ":rotate", "{}");
        final String newKey = rotated.get("key").asText();
        admin.ok(HttpMethod.POST, "/api/v1/admin/keys/" + rotated.at("/apiKey/id").asText() + ":revoke", "{}");

        final String actor = "admin:" + ApiKeys.hash(ADMIN_KEY).substring(ApiKeys.HASH_PREFIX.length(),
                                                                         ApiKeys.HASH_PREFIX.length() + 12);
        final ListAuditEventsResponse page = stub(ADMIN_KEY).listAuditEvents(
                ListAuditEventsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageSize(3)).build());
        assertThat(page.getEventsList()).extracting(AuditEvent::getAction)
                                        .containsExactly("key.revoke", "key.rotate", "key.create");
        assertThat(page.getEventsList()).allSatisfy(event -> assertThat(event.getActor()).isEqualTo(actor));
        assertThat(page.getEvents(1).getTarget()).isEqualTo(id);
        final PageRequest second = PageRequest.newBuilder().setPageSize(4)
                                              .setPageToken(page.getPage().getNextPageToken()).build();
        final ListAuditEventsResponse next = stub(ADMIN_KEY).listAuditEvents(
                ListAuditEventsRequest.newBuilder().setPage(second).build());
        assertThat(next.getEventsList()).extracting(AuditEvent::getAction)
                                        .containsExactly("level.create", "level.create", "level.create",
                                                         "level.create");

        try (Connection connection = DriverManager.getConnection(DB_URL);
             Statement statement = connection.createStatement()) {
            for (String table : List.of("admin_audit", "admin_keys", "admin_levels")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    final int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            final String value = String.valueOf(rows.getObject(c));
                            assertThat(value).as(table).doesNotContain(key).doesNotContain(newKey)
                                             .doesNotContain(ADMIN_KEY).doesNotContain(ApiKeys.PREFIX);
                            if (table.equals("admin_audit")) {
                                assertThat(value).as(table).doesNotContain(ApiKeys.hash(key))
                                                 .doesNotContain(ApiKeys.hash(newKey));
                            }
                        }
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT hash, hint FROM admin_keys WHERE id = '" + id
                                                         + "'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(ApiKeys.hash(key));
                assertThat(rows.getString(2)).isEqualTo(ApiKeys.hint(ApiKeys.hash(key)));
            }
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM admin_audit WHERE actor <> '"
                                                         + actor + "'")) {
                rows.next();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    private static AdminServiceGrpc.AdminServiceBlockingStub stub(String key) {
        return GrpcClients.builder(gateway.httpUri()).addHeader("authorization", "Bearer " + key)
                          .build(AdminServiceGrpc.AdminServiceBlockingStub.class);
    }
}
