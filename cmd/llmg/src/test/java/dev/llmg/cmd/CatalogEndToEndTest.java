package dev.llmg.cmd;

import static dev.llmg.cmd.CatalogSupport.ADMIN;
import static dev.llmg.cmd.CatalogSupport.answeredBy;
import static dev.llmg.cmd.CatalogSupport.model;
import static dev.llmg.cmd.CatalogSupport.provider;
import static dev.llmg.cmd.CatalogSupport.routes;
import static dev.llmg.cmd.CatalogSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateModelEntryRequest;
import dev.llmg.api.gateway.v1.CreateProviderRequest;
import dev.llmg.api.gateway.v1.DeleteModelEntryRequest;
import dev.llmg.api.gateway.v1.DeleteProviderRequest;
import dev.llmg.api.gateway.v1.ListModelEntriesRequest;
import dev.llmg.api.gateway.v1.ListProvidersRequest;
import dev.llmg.api.gateway.v1.ModelEntry;
import dev.llmg.api.gateway.v1.ProviderEntry;
import dev.llmg.api.gateway.v1.Source;
import dev.llmg.api.gateway.v1.TestModelEntryRequest;
import dev.llmg.api.gateway.v1.TestModelEntryResponse;
import dev.llmg.api.gateway.v1.TestProviderRequest;
import dev.llmg.api.gateway.v1.TestProviderResponse;
import dev.llmg.api.gateway.v1.UpdateModelEntryRequest;
import dev.llmg.api.gateway.v1.UpdateProviderRequest;
import dev.llmg.internal.admin.CatalogAdministration;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.StatusRuntimeException;

/**
 * Providers and models made through {@link CatalogAdministration} route through the real server at once, without a
 * restart: created, updated, disabled, deleted; bad ones are refused with config's reason and change nothing; config's
 * own are read-only; every change leaves an audit row without a secret; a file reload keeps them; and changes under
 * load lose no call.
 */
class CatalogEndToEndTest {

    private static final String DATABASE = "jdbc:h2:mem:catalog-e2e-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

    @TempDir
    static Path dir;

    /** An OpenAI-shaped upstream that refuses every key, as a provider with a revoked key sees it. */
    @RegisterExtension
    @Order(1)
    static final ServerExtension refusing = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                    HttpStatus.UNAUTHORIZED, MediaType.JSON_UTF_8,
                    "{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\","
                    + " \"code\": \"invalid_api_key\"}}"));
        }
    };

    private static volatile LlmgComponent component;

    @RegisterExtension
    @Order(2)
    static final ServerExtension gateway = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
            write(config(""));
            component = LlmgComponent.create(ConfigSource.file(new ConfigLoader(Map.of()), dir.resolve("config.yaml"),
                                                               Map.of()));
            component.serverConfigurator().configure(sb);
        }
    };

    private static final ExecutorService load = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stopLoad() {
        load.shutdownNow();
    }

    private static CatalogAdministration catalog() {
        return component.catalogAdministration();
    }

    private static ChatServiceGrpc.ChatServiceBlockingStub chat() {
        return CatalogSupport.chat(gateway.httpUri());
    }

    @Test
    void aCreatedProviderAndModelRouteAtOnceAndFollowUpdatesDisablingAndDeletion() throws Exception {
        CatalogSupport.createSimulated(catalog(), "db-sim", "db-echo");

        assertThat(answeredBy(chat(), "db-echo")).isEqualTo("db-sim");
        assertThat(openAiModels()).contains("\"db-echo\"");
        assertThat(providers()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("db-sim");
            assertThat(p.getSource()).isEqualTo(Source.SOURCE_DATABASE);
            assertThat(p.getAvailable()).isTrue();
        }).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("simulator");
            assertThat(p.getSource()).isEqualTo(Source.SOURCE_CONFIG);
        });
        assertThat(models()).extracting(ModelEntry::getName).contains("db-echo", "sim-echo");

        catalog().createProvider(CreateProviderRequest.newBuilder()
                                                      .setProvider(provider("db-sim-2", "{\"type\": \"simulator\"}"))
                                                      .build(), ADMIN);
        catalog().updateModelEntry(UpdateModelEntryRequest.newBuilder()
                                                          .setModel(model("db-echo", "{\"provider\": \"db-sim-2\"}"))
                                                          .build(), ADMIN);
        assertThat(answeredBy(chat(), "db-echo")).as("the update is in use at once").isEqualTo("db-sim-2");

        catalog().updateModelEntry(UpdateModelEntryRequest.newBuilder()
                                                          .setModel(model("db-echo", "{\"provider\": \"db-sim-2\"}")
                                                                            .toBuilder().setDisabled(true))
                                                          .build(), ADMIN);
        assertThatThrownBy(() -> answeredBy(chat(), "db-echo")).isInstanceOf(StatusRuntimeException.class)
                                                              .hasMessageContaining("NOT_FOUND")
                                                              .hasMessageContaining("db-echo");
        assertThat(openAiModels()).doesNotContain("\"db-echo\"");
        assertThat(models()).filteredOn(m -> m.getName().equals("db-echo"))
                            .singleElement().extracting(ModelEntry::getDisabled).isEqualTo(true);

        catalog().updateModelEntry(UpdateModelEntryRequest.newBuilder()
                                                          .setModel(model("db-echo", "{\"provider\": \"db-sim-2\"}"))
                                                          .build(), ADMIN);
        assertThat(routes(chat(), "db-echo")).isTrue();
        // A disabled provider takes its models out of use with it.
        catalog().updateProvider(UpdateProviderRequest.newBuilder()
                                                      .setProvider(provider("db-sim-2", "{\"type\": \"simulator\"}")
                                                                           .toBuilder().setDisabled(true))
                                                      .build(), ADMIN);
        assertThat(routes(chat(), "db-echo")).isFalse();
        assertThat(providers()).filteredOn(p -> p.getName().equals("db-sim-2")).singleElement()
                               .satisfies(p -> assertThat(p.getUnavailableReason()).isEqualTo("disabled"));

        assertThatThrownBy(() -> catalog().deleteProvider(
                DeleteProviderRequest.newBuilder().setName("db-sim-2").build(), ADMIN))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("db-echo");
        catalog().deleteModelEntry(DeleteModelEntryRequest.newBuilder().setName("db-echo").build(), ADMIN);
        catalog().deleteProvider(DeleteProviderRequest.newBuilder().setName("db-sim-2").build(), ADMIN);
        catalog().deleteProvider(DeleteProviderRequest.newBuilder().setName("db-sim").build(), ADMIN);
        assertThat(routes(chat(), "db-echo")).isFalse();
        assertThat(providers()).extracting(ProviderEntry::getName).doesNotContain("db-sim", "db-sim-2");

        final List<String> audit = audit("db-sim", "db-sim-2", "db-echo");
        assertThat(audit).contains("provider.create db-sim", "model.create db-echo", "provider.create db-sim-2",
                                   "model.update db-echo", "provider.update db-sim-2", "model.delete db-echo",
                                   "provider.delete db-sim-2", "provider.delete db-sim");
        assertThat(audit).hasSize(10);
    }

    @Test
    void badEntriesAreRefusedWithConfigsReasonAndChangeNothing() throws Exception {
        final int auditBefore = auditCount();
        final List<String> providersBefore = names(providers());

        assertRefused(() -> createProvider("bad-type", "{\"type\": \"no-such-type\"}"),
                      "provider.settings.type", "unknown provider type 'no-such-type'");
        assertRefused(() -> createProvider("bad-missing", "{\"type\": \"openai-compatible\"}"),
                      "provider.settings.base_url", "is required");
        assertRefused(() -> createProvider("bad-typo", "{\"type\": \"simulator\", \"latencyy\": \"5ms\"}"),
                      "provider.settings.latencyy", "unknown key");
        assertRefused(() -> createProvider("bad-literal", "{\"type\": \"openai\", \"api_key\": \"sk-literal-1234\"}"),
                      "provider.settings.api_key", "env:NAME");
        assertRefused(() -> catalog().createModelEntry(CreateModelEntryRequest.newBuilder().setModel(
                              model("bad-model", "{\"provider\": \"nowhere\"}")).build(), ADMIN),
                      "model.settings.provider", "no provider named 'nowhere'");

        assertThat(names(providers())).isEqualTo(providersBefore);
        assertThat(names(models())).doesNotContain("bad-model");
        assertThat(auditCount()).as("a refused change writes nothing").isEqualTo(auditBefore);
        assertThat(auditDetails()).noneMatch(detail -> detail.contains("sk-literal"));
    }

    @Test
    void configEntriesAreReadOnly() {
        assertFailedPrecondition(() -> createProvider("simulator", "{\"type\": \"simulator\"}"));
        assertFailedPrecondition(() -> catalog().updateProvider(UpdateProviderRequest.newBuilder().setProvider(
                provider("simulator", "{\"type\": \"simulator\"}")).build(), ADMIN));
        assertFailedPrecondition(() -> catalog().deleteProvider(
                DeleteProviderRequest.newBuilder().setName("simulator").build(), ADMIN));
        assertFailedPrecondition(() -> catalog().deleteModelEntry(
                DeleteModelEntryRequest.newBuilder().setName("sim-echo").build(), ADMIN));
        assertThat(models()).filteredOn(m -> m.getName().equals("sim-echo")).singleElement()
                            .extracting(ModelEntry::getSource).isEqualTo(Source.SOURCE_CONFIG);
    }

    @Test
    void testsSayOkForTheSimulatorAndQuoteTheUpstreamsRefusal() throws Exception {
        final Path key = dir.resolve("revoked.key");
        Files.writeString(key, "sk-revoked-by-upstream\n");
        createProvider("db-revoked", "{\"type\": \"openai\", \"base_url\": \"" + refusing.httpUri() + "/v1\","
                                     + " \"api_key\": \"file:" + key.toAbsolutePath() + "\"}");
        catalog().createModelEntry(CreateModelEntryRequest.newBuilder().setModel(
                model("db-revoked-model", "{\"provider\": \"db-revoked\", \"provider_model\": \"gpt-4o-mini\"}"))
                                                         .build(), ADMIN);

        final TestProviderResponse simulator = catalog().testProvider(
                TestProviderRequest.newBuilder().setName("simulator").setModel("sim-echo").build(), ADMIN);
        assertThat(simulator.getOk()).isTrue();
        assertThat(simulator.getError()).isEmpty();
        final TestModelEntryResponse simModel = catalog().testModelEntry(
                TestModelEntryRequest.newBuilder().setName("sim-echo").build(), ADMIN);
        assertThat(simModel.getOk()).isTrue();
        assertThat(simModel.getProvider()).isEqualTo("simulator");

        final TestProviderResponse revoked = catalog().testProvider(
                TestProviderRequest.newBuilder().setName("db-revoked").setModel("gpt-4o-mini").build(), ADMIN);
        assertThat(revoked.getOk()).isFalse();
        assertThat(revoked.getError()).contains("Incorrect API key provided").doesNotContain("\tat ");
        final TestModelEntryResponse revokedModel = catalog().testModelEntry(
                TestModelEntryRequest.newBuilder().setName("db-revoked-model").build(), ADMIN);
        assertThat(revokedModel.getOk()).isFalse();
        assertThat(revokedModel.getProvider()).isEqualTo("db-revoked");
        assertThat(revokedModel.getError()).contains("Incorrect API key provided");
        assertThat(providers()).filteredOn(p -> p.getName().equals("db-revoked")).singleElement()
                               .satisfies(p -> assertThat(p.getSettings().getFieldsOrThrow("api_key")
                                                           .getStringValue()).startsWith("file:"));
        assertThat(auditDetails()).noneMatch(detail -> detail.contains("sk-revoked"));

        catalog().deleteModelEntry(DeleteModelEntryRequest.newBuilder().setName("db-revoked-model").build(), ADMIN);
        catalog().deleteProvider(DeleteProviderRequest.newBuilder().setName("db-revoked").build(), ADMIN);
    }

    @Test
    void aFileReloadKeepsTheDatabasesEntries() throws Exception {
        CatalogSupport.createSimulated(catalog(), "db-kept", "db-kept-model");
        write(config("  - {name: file-added, provider: simulator}\n"));
        waitFor(() -> routes(chat(), "file-added"), Duration.ofSeconds(10), "the file's new model");
        assertThat(answeredBy(chat(), "db-kept-model")).isEqualTo("db-kept");
        assertThat(component.reloader().reload()).isTrue();
        assertThat(answeredBy(chat(), "db-kept-model")).isEqualTo("db-kept");

        write(config(""));
        waitFor(() -> !routes(chat(), "file-added"), Duration.ofSeconds(10), "the file's model to go");
        catalog().deleteModelEntry(DeleteModelEntryRequest.newBuilder().setName("db-kept-model").build(), ADMIN);
        catalog().deleteProvider(DeleteProviderRequest.newBuilder().setName("db-kept").build(), ADMIN);
    }

    @Test
    void changesUnderLoadLoseNoCall() throws Exception {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger answered = new AtomicInteger();
        final Set<String> failures = ConcurrentHashMap.newKeySet();
        final ChatServiceGrpc.ChatServiceBlockingStub chat = chat();
        for (int i = 0; i < 4; i++) {
            load.execute(() -> {
                while (running.get()) {
                    try {
                        answeredBy(chat, "sim-echo");
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            });
        }
        waitFor(() -> answered.get() > 20, Duration.ofSeconds(10), "calls before the changes");
        for (int round = 0; round < 5; round++) {
            CatalogSupport.createSimulated(catalog(), "db-load", "db-load-model");
            assertThat(routes(chat, "db-load-model")).isTrue();
            catalog().deleteModelEntry(DeleteModelEntryRequest.newBuilder().setName("db-load-model").build(), ADMIN);
            catalog().deleteProvider(DeleteProviderRequest.newBuilder().setName("db-load").build(), ADMIN);
        }
        final int after = answered.get();
        waitFor(() -> answered.get() > after + 20, Duration.ofSeconds(10), "calls after the changes");
        running.set(false);
        assertThat(failures).as("no call failed while the catalog changed").isEmpty();
    }

    private static void createProvider(String name, String json) {
        catalog().createProvider(CreateProviderRequest.newBuilder().setProvider(provider(name, json)).build(), ADMIN);
    }

    private static void assertRefused(Runnable change, String field, String reason) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    private static void assertFailedPrecondition(Runnable change) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("read-only");
        });
    }

    private static List<ProviderEntry> providers() {
        return catalog().listProviders(ListProvidersRequest.getDefaultInstance()).getProvidersList();
    }

    private static List<ModelEntry> models() {
        return catalog().listModelEntries(ListModelEntriesRequest.getDefaultInstance()).getModelsList();
    }

    private static List<String> names(List<?> entries) {
        return entries.stream().map(e -> e instanceof ProviderEntry ? ((ProviderEntry) e).getName()
                                                                    : ((ModelEntry) e).getName())
                      .collect(Collectors.toList());
    }

    private static String openAiModels() {
        return WebClient.of(gateway.httpUri()).blocking().get("/v1/models").contentUtf8();
    }

    private static List<String> audit(String... targets) throws Exception {
        final Set<String> wanted = Set.of(targets);
        final List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action, target, actor FROM admin_audit ORDER BY id")) {
            while (rs.next()) {
                if (wanted.contains(rs.getString(2))) {
                    assertThat(rs.getString(3)).isEqualTo(ADMIN.id());
                    rows.add(rs.getString(1) + ' ' + rs.getString(2));
                }
            }
        }
        return rows;
    }

    private static int auditCount() throws Exception {
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM admin_audit")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> auditDetails() throws Exception {
        final List<String> details = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT detail FROM admin_audit")) {
            while (rs.next()) {
                details.add(rs.getString(1));
            }
        }
        return details;
    }

    private static String config(String moreModels) {
        return String.join("\n",
                "server: {port: 0}",
                "providers:",
                "  simulator: {type: simulator}",
                "models:",
                "  - {name: sim-echo, provider: simulator}",
                moreModels,
                "storage: {url: \"" + DATABASE + "\"}",
                "tracking: {spill_dir: target/tracking-spill}",
                "auth: {required: false}",
                "");
    }

    private static void write(String yaml) throws Exception {
        final Path next = dir.resolve("config.yaml.next");
        Files.writeString(next, yaml);
        Files.move(next, dir.resolve("config.yaml"), StandardCopyOption.REPLACE_EXISTING,
                   StandardCopyOption.ATOMIC_MOVE);
    }
}
