package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.Durations;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.DeleteModelEntryRequest;
import dev.llmg.api.gateway.v1.DeleteProviderRequest;
import dev.llmg.api.gateway.v1.ListModelGroupsRequest;
import dev.llmg.api.gateway.v1.ListModelGroupsResponse;
import dev.llmg.api.gateway.v1.RoutedModel;
import dev.llmg.api.gateway.v1.RoutedModelKind;
import dev.llmg.api.gateway.v1.RoutingRule;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;

/**
 * {@code GET /api/v1/routing/groups} and {@code RoutingService.ListModelGroups} show the routing table in force:
 * models with their targets, fallbacks and attempt settings, the rules as written, the gateway-wide settings; a
 * key held to an allowlist sees only its models and no rules; and a reloaded file or a model added through the
 * admin catalog changes the view. No provider address nor key leaves.
 */
class RoutingGroupsTest {

    private static final String DATABASE = "jdbc:h2:mem:routing-groups-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private static final String ADMIN = ApiKeys.generate();
    private static final String LIMITED = ApiKeys.generate();

    @TempDir
    static Path dir;

    private static volatile LlmgComponent component;

    @RegisterExtension
    static final ServerExtension gateway = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
            write(config("sim-fast"));
            component = LlmgComponent.create(ConfigSource.file(new ConfigLoader(Map.of()), dir.resolve("config.yaml"),
                                                               Map.of()));
            component.serverConfigurator().configure(sb);
        }
    };

    @Test
    void showsModelsRulesAndDefaultsToAnUnrestrictedCaller() throws Exception {
        final ListModelGroupsResponse table =
                routing(ADMIN).listModelGroups(ListModelGroupsRequest.getDefaultInstance());

        assertThat(table.getModelsList()).extracting(RoutedModel::getName)
                                         .containsExactly("secret-upstream", "sim-balanced", "sim-echo");
        final RoutedModel balanced = table.getModels(1);
        assertThat(balanced.getKind()).isEqualTo(RoutedModelKind.ROUTED_MODEL_KIND_GROUP);
        assertThat(balanced.getStrategy()).isEqualTo("round_robin");
        assertThat(balanced.getTargetsList()).extracting(target -> target.getTarget().getModel(),
                                                         target -> target.getWeight())
                                             .containsExactly(org.assertj.core.groups.Tuple.tuple("sim-echo", 3),
                                                              org.assertj.core.groups.Tuple.tuple("sim-fast", 1));
        assertThat(balanced.getFallbacksList()).containsExactly("sim-echo");
        assertThat(balanced.getRetry().getAttempts()).as("the model's own retry").isEqualTo(2);
        assertThat(Durations.toMillis(balanced.getRetry().getBackoff())).as("the default fills in").isEqualTo(50);
        assertThat(Durations.toMillis(balanced.getAttemptTimeout())).isEqualTo(1500);
        assertThat(balanced.getStructuredOutputPolicy()).isEqualTo("repair");
        assertThat(balanced.getAvailable()).isTrue();
        final RoutedModel echo = table.getModels(2);
        assertThat(echo.getKind()).isEqualTo(RoutedModelKind.ROUTED_MODEL_KIND_SINGLE);
        assertThat(echo.getRetry().getAttempts()).as("the gateway's default").isEqualTo(4);
        assertThat(Durations.toMillis(echo.getAttemptTimeout())).isEqualTo(20_000);
        assertThat(echo.getStructuredOutputPolicy()).isEqualTo("validate");

        assertThat(table.getRulesList()).extracting(RoutingRule::getName).containsExactly("fast-tier", "big-tools");
        final RoutingRule fast = table.getRules(0);
        assertThat(fast.getRouteTo()).isEqualTo("sim-balanced");
        assertThat(fast.getWhen().getMetadataMap()).isEqualTo(Map.of("tier", "fast"));
        assertThat(fast.getWhen().hasTools()).as("unset conditions stay unset").isFalse();
        assertThat(fast.getObjective()).isEmpty();
        final RoutingRule tools = table.getRules(1);
        assertThat(tools.getWhen().getTools()).isTrue();
        assertThat(tools.getWhen().hasTools()).isTrue();
        assertThat(tools.getWhen().getMinPromptTokens()).isEqualTo(1000);
        assertThat(tools.getWhen().hasMaxPromptTokens()).isFalse();
        assertThat(tools.getWhen().getModel()).isEqualTo("sim-echo");
        assertThat(tools.getObjective()).isEqualTo("cost");

        assertThat(table.getDefaults().getRetry().getAttempts()).isEqualTo(4);
        assertThat(table.getDefaults().getBreaker().getConsecutiveFailures()).isEqualTo(7);
        assertThat(Durations.toSeconds(table.getDefaults().getBreaker().getCoolDown())).isEqualTo(30);
        assertThat(table.getDefaults().getRetryBudget().getRatio()).isEqualTo(0.2);

        final AggregatedHttpResponse rest = get(ADMIN);
        assertThat(rest.status().code()).isEqualTo(200);
        assertThat(rest.contentUtf8()).as("no provider address nor key")
                                      .doesNotContain("base_url", "baseUrl", "127.0.0.1", "sk-not-for-callers");
        final JsonNode json = new ObjectMapper().readTree(rest.contentUtf8());
        assertThat(json.path("models").get(1).path("kind").asText()).isEqualTo("ROUTED_MODEL_KIND_GROUP");
        assertThat(json.path("rules").get(0).path("when").path("metadata").path("tier").asText()).isEqualTo("fast");
        assertThat(json.path("rules").get(1).path("routeTo").asText()).isEqualTo("sim-echo");
    }

    @Test
    void anAllowlistedKeySeesOnlyItsModelsAndNoRules() throws Exception {
        final ListModelGroupsResponse table =
                routing(LIMITED).listModelGroups(ListModelGroupsRequest.getDefaultInstance());

        assertThat(table.getModelsList()).extracting(RoutedModel::getName).containsExactly("sim-balanced");
        assertThat(table.getRulesList()).isEmpty();
        assertThat(table.getDefaults().getRetry().getAttempts()).isEqualTo(4);

        final JsonNode json = new ObjectMapper().readTree(get(LIMITED).contentUtf8());
        assertThat(json.path("models")).hasSize(1);
        assertThat(json.has("rules")).isFalse();
        assertThat(json.toString()).doesNotContain("secret-upstream", "fast-tier");
    }

    @Test
    void aReloadedFileChangesTheView() throws Exception {
        try {
            write(config("sim-slow"));
            waitFor(() -> routing(ADMIN).listModelGroups(ListModelGroupsRequest.getDefaultInstance()).getModels(1)
                                        .getTargets(1).getTarget().getModel().equals("sim-slow"),
                    "the reloaded table");
        } finally {
            write(config("sim-fast"));
            waitFor(() -> routing(ADMIN).listModelGroups(ListModelGroupsRequest.getDefaultInstance()).getModels(1)
                                        .getTargets(1).getTarget().getModel().equals("sim-fast"),
                    "the first table again");
        }
    }

    @Test
    void aModelAddedThroughTheAdminCatalogShowsAtOnce() {
        CatalogSupport.createSimulated(component.catalogAdministration(), "catalog-sim", "catalog-echo");
        try {
            final ListModelGroupsResponse table =
                    routing(ADMIN).listModelGroups(ListModelGroupsRequest.getDefaultInstance());
            assertThat(table.getModelsList()).extracting(RoutedModel::getName).contains("catalog-echo");
            assertThat(routing(LIMITED).listModelGroups(ListModelGroupsRequest.getDefaultInstance()).getModelsList())
                    .extracting(RoutedModel::getName).containsExactly("sim-balanced");
        } finally {
            component.catalogAdministration().deleteModelEntry(
                    DeleteModelEntryRequest.newBuilder().setName("catalog-echo").build(), CatalogSupport.ADMIN);
            component.catalogAdministration().deleteProvider(
                    DeleteProviderRequest.newBuilder().setName("catalog-sim").build(), CatalogSupport.ADMIN);
        }
        assertThat(routing(ADMIN).listModelGroups(ListModelGroupsRequest.getDefaultInstance()).getModelsList())
                .extracting(RoutedModel::getName).doesNotContain("catalog-echo");
    }

    private static String config(String second) {
        return TestStorage.withDefaults(String.join("\n",
                "server: {port: 0}",
                "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}",
                "providers:",
                "  simulator: {type: simulator}",
                "  hidden: {type: openai, base_url: \"http://127.0.0.1:9/v1\", api_key: sk-not-for-callers}",
                "models:",
                "  - name: sim-echo",
                "    provider: simulator",
                "  - name: sim-balanced",
                "    strategy: round_robin",
                "    targets:",
                "      - {provider: simulator, model: sim-echo, weight: 3}",
                "      - {provider: simulator, model: " + second + "}",
                "    fallbacks: [sim-echo]",
                "    retry: {attempts: 2}",
                "    attempt_timeout: 1500ms",
                "    structured_output: repair",
                "  - name: secret-upstream",
                "    provider: hidden",
                "    provider_model: gpt-4o-mini",
                "routing:",
                "  retry: {attempts: 4, backoff: 50ms}",
                "  attempt_timeout: 20s",
                "  breaker: {consecutive_failures: 7, cool_down: 30s}",
                "  rules:",
                "    - name: fast-tier",
                "      when: {metadata: {tier: fast}}",
                "      route_to: sim-balanced",
                "    - name: big-tools",
                "      when: {model: sim-echo, tools: true, min_prompt_tokens: 1000}",
                "      route_to: sim-echo",
                "      objective: cost",
                "tenants:",
                "  - name: acme",
                "    teams: [{name: t, groups: [{name: g, endpoints: [",
                "      {name: limited, models: [sim-balanced], keys: [" + ApiKeys.hash(LIMITED) + "]}]}]}]",
                "storage: {url: \"" + DATABASE + "\"}",
                ""));
    }

    private static RoutingServiceGrpc.RoutingServiceBlockingStub routing(String key) {
        return GrpcClients.builder(gateway.httpUri()).addHeader("authorization", "Bearer " + key)
                          .build(RoutingServiceGrpc.RoutingServiceBlockingStub.class);
    }

    private static AggregatedHttpResponse get(String key) {
        return WebClient.of(gateway.httpUri())
                        .execute(RequestHeaders.builder(HttpMethod.GET, "/api/v1/routing/groups")
                                               .add("authorization", "Bearer " + key).build())
                        .aggregate().join();
    }

    /** Replaces the file in one step, as deployment tools do. */
    private static void write(String yaml) {
        try {
            final Path next = dir.resolve("config.yaml.next");
            Files.writeString(next, yaml);
            Files.move(next, dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING,
                       StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
