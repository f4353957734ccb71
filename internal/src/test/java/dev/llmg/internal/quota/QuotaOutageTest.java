package dev.llmg.internal.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.testing.PostgresServer;

/**
 * The shared store going away fails calls open, never shut: each replica goes on limiting on its own against the
 * whole limit, and sharing resumes once the store is back. A PostgreSQL of its own, stopped and started by the test.
 */
class QuotaOutageTest {

    private static final QuotaScope LIMITED = new QuotaScope("endpoint:a/t/g/e", new QuotaLimits(100_000, 0, 2, null,
                                                                                                 null));

    private final PostgresServer postgres = PostgresServer.create();
    private Database database;
    private Quotas quotas;

    @BeforeEach
    void open() {
        postgres.start();
        database = new Database(new StorageSettings(postgres.newDatabase(), "", "", 2, Duration.ofSeconds(1)));
        database.jdbi();
        quotas = new Quotas(new DatabaseQuotaStore(database), Duration.ofMillis(50), Clock.systemUTC(),
                            Duration.ofMillis(300), Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        quotas.close();
        database.close();
        postgres.close();
    }

    @Test
    void callsAreLimitedLocallyWhileTheStoreIsDownAndSharedAgainOnceItIsBack() throws Exception {
        admit().release(10, BigDecimal.ZERO);

        postgres.stop();
        final List<QuotaPermit> held = new ArrayList<>();
        held.add(admit());
        held.add(admit());
        assertThatThrownBy(this::admit).as("the concurrency limit still holds, on this replica alone")
                                       .hasCauseInstanceOf(QuotaExceededException.class);
        held.forEach(permit -> permit.release(10, BigDecimal.ZERO));
        for (int i = 0; i < 20; i++) {
            admit().release(10, BigDecimal.ZERO); // every one answered, none refused for the outage
        }

        postgres.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long shared = 0;
        while (shared == 0 && System.nanoTime() < deadline) {
            final QuotaPermit permit = admit();
            shared = slotsInTheStore(); // a slot this replica holds, once it leases from the store again
            permit.release(10, BigDecimal.ZERO);
            Thread.sleep(50);
        }
        assertThat(shared).as("calls in flight are counted in the store again").isPositive();
    }

    private long slotsInTheStore() {
        return database.withHandle(handle -> handle.createQuery("SELECT COALESCE(SUM(held), 0) FROM quota_slots")
                                                   .mapTo(Long.class).one());
    }

    private QuotaPermit admit() throws Exception {
        return quotas.admit(List.of(LIMITED)).get(10, TimeUnit.SECONDS);
    }
}
