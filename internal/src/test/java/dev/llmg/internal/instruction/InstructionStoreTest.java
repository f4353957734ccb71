package dev.llmg.internal.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmg.api.gateway.v1.InstructionMessage;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.testing.PostgresServer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * The store on H2 and on a real PostgreSQL, which must answer alike: versions are numbered from 1 per tenant and
 * name and never change, two writers racing get two numbers, labels move in one step (and only from where the
 * caller saw them when it says so), and the snapshot reads back everything with a revision that moves.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = { "h2", "postgres" })
class InstructionStoreTest {

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    @Parameter
    String backend;

    private Database database;
    private InstructionStore store;

    @BeforeEach
    void open() {
        final String url = "postgres".equals(backend)
                           ? PostgresServer.shared().newDatabase()
                           : "jdbc:h2:mem:instructions" + H2_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        database = new Database(new StorageSettings(url, "", "", 4, Duration.ofSeconds(5)));
        store = new InstructionStore(database);
    }

    @AfterEach
    void close() {
        if (!database.isPostgres()) {
            database.withHandle(handle -> handle.execute("DROP ALL OBJECTS"));
        }
        database.close();
    }

    @Test
    void versionsAreNumberedPerTenantAndNameAndReadBackUnchanged() {
        final long before = store.revision();
        assertThat(store.createVersion("", "summarize", spec("one {{text}}"), List.of(), "key:a")).isEqualTo(1);
        assertThat(store.createVersion("", "summarize", spec("two {{text}}"), List.of("production"), "key:a"))
                .isEqualTo(2);
        assertThat(store.createVersion("acme", "summarize", spec("acme's"), List.of(), "key:b")).isEqualTo(1);

        final InstructionStore.Snapshot snapshot = store.snapshot();
        assertThat(snapshot.revision()).isEqualTo(before + 3);
        assertThat(snapshot.versions()).extracting(row -> row.tenant() + "/" + row.name() + "@" + row.version())
                                       .containsExactly("/summarize@1", "/summarize@2", "acme/summarize@1");
        assertThat(snapshot.versions().get(1).spec().getMessages(0).getTemplate()).isEqualTo("two {{text}}");
        assertThat(snapshot.versions().get(1).spec().getTemperature()).isEqualTo(0.3);
        assertThat(snapshot.versions().get(1).spec().getCreatedBy()).isEqualTo("key:a");
        assertThat(snapshot.versions().get(1).spec().hasCreateTime()).isTrue();
        assertThat(snapshot.labels()).containsExactly(Map.entry(InstructionStore.key("", "summarize"),
                                                                Map.of("production", 2)));
    }

    @Test
    void writersRacingForTheNextVersionGetDistinctNumbers() throws Exception {
        final ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            final List<CompletableFuture<Integer>> created = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final int n = i;
                created.add(CompletableFuture.supplyAsync(
                        () -> store.createVersion("", "raced", spec("v" + n), List.of(), "key:a"), writers));
            }
            assertThat(created.stream().map(CompletableFuture::join).toList())
                    .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void labelsMoveInOneStepAndOnlyFromWhereTheCallerSawThemWhenItSaysSo() {
        store.createVersion("", "s", spec("a"), List.of(), "key:a");
        store.createVersion("", "s", spec("b"), List.of(), "key:a");

        store.setLabel("", "s", "production", 1, Optional.of(0));
        assertThat(labels()).containsEntry("production", 1);
        assertThatThrownBy(() -> store.setLabel("", "s", "production", 2, Optional.of(0)))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        assertThatThrownBy(() -> store.setLabel("", "s", "production", 2, Optional.of(2)))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        store.setLabel("", "s", "production", 2, Optional.of(1));
        assertThat(labels()).containsEntry("production", 2);
        store.setLabel("", "s", "production", 1, Optional.empty());
        assertThat(labels()).containsEntry("production", 1);

        assertThatThrownBy(() -> store.setLabel("", "s", "staging", 3, Optional.empty()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("has no version 3");
                });
        store.deleteLabel("", "s", "production");
        assertThat(labels()).isEmpty();
        assertThatThrownBy(() -> store.deleteLabel("", "s", "production"))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    private Map<String, Integer> labels() {
        return store.snapshot().labels().getOrDefault(InstructionStore.key("", "s"), Map.of());
    }

    private static InstructionVersion spec(String template) {
        return InstructionVersion.newBuilder().setTemperature(0.3).setModel("sim-echo")
                                 .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_SYSTEM)
                                                                .setTemplate(template))
                                 .build();
    }
}
