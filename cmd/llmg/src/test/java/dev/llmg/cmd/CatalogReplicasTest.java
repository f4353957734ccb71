package dev.llmg.cmd;

import static dev.llmg.cmd.CatalogSupport.ADMIN;
import static dev.llmg.cmd.CatalogSupport.routes;
import static dev.llmg.cmd.CatalogSupport.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.api.gateway.v1.DeleteModelEntryRequest;
import dev.llmg.api.gateway.v1.DeleteProviderRequest;
import dev.llmg.internal.testing.PostgresServer;

/**
 * Two replicas share one PostgreSQL database: a model made on one routes on the other within the refresh
 * interval (polled with a generous bound, with no timing assertion), and its deletion reaches the other too.
 */
class CatalogReplicasTest {

    private static volatile String database;

    @RegisterExtension
    @Order(1)
    static final TestGateway replicaA = new TestGateway(() -> config(database()));

    @RegisterExtension
    @Order(2)
    static final TestGateway replicaB = new TestGateway(() -> config(database()));

    private static synchronized String database() {
        if (database == null) {
            final PostgresServer postgres = PostgresServer.shared();
            database = postgres.newDatabase();
        }
        return database;
    }

    @Test
    void aModelMadeOnOneReplicaRoutesOnTheOther() {
        assertThat(routes(CatalogSupport.chat(replicaB.httpUri()), "shared-model")).isFalse();

        CatalogSupport.createSimulated(replicaA.component().catalogAdministration(), "shared-sim", "shared-model");
        assertThat(routes(CatalogSupport.chat(replicaA.httpUri()), "shared-model")).isTrue();
        waitFor(() -> routes(CatalogSupport.chat(replicaB.httpUri()), "shared-model"), Duration.ofSeconds(10),
                "replica B to route the model made on A");

        replicaA.component().catalogAdministration().deleteModelEntry(
                DeleteModelEntryRequest.newBuilder().setName("shared-model").build(), ADMIN);
        replicaA.component().catalogAdministration().deleteProvider(
                DeleteProviderRequest.newBuilder().setName("shared-sim").build(), ADMIN);
        waitFor(() -> !routes(CatalogSupport.chat(replicaB.httpUri()), "shared-model"), Duration.ofSeconds(10),
                "replica B to drop the model deleted on A");
    }

    private static String config(String url) {
        return String.join("\n",
                "providers: {simulator: {type: simulator}}",
                "models: [{name: sim-echo, provider: simulator}]",
                "storage: {url: \"" + url + "\", connection_timeout: 5s}",
                "auth: {required: false, refresh_interval: 200ms}",
                "");
    }
}
