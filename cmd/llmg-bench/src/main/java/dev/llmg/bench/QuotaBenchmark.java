package dev.llmg.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.llmg.internal.quota.DatabaseQuotaStore;
import dev.llmg.internal.quota.LocalQuotaStore;
import dev.llmg.internal.quota.QuotaLimits;
import dev.llmg.internal.quota.QuotaScope;
import dev.llmg.internal.quota.QuotaSettings;
import dev.llmg.internal.quota.Quotas;
import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;

/**
 * What quotas cost a call on the request path: admit and release on three scopes (key, team, tenant), each with
 * requests, tokens, concurrency and spend limits, on the memory store and on the database store (H2 in memory)
 * with warm leases. The limits are high enough never to refuse, so this is the steady state: leases spent
 * locally, refetched in the background.
 *
 * <p>{@code java -cp cmd/llmg-bench/target/llmg-bench.jar org.openjdk.jmh.Main QuotaBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QuotaBenchmark {

    @Param({ "memory", "database" })
    public String store;

    private Database database;
    private Quotas quotas;
    private List<QuotaScope> scopes;

    /** Opens the store and warms every scope's leases. */
    @Setup
    public void setUp() {
        final QuotaLimits high = new QuotaLimits(1_000_000_000L, 2_000_000_000L, 1_000,
                                                 new BigDecimal("1000000"), new BigDecimal("10000000"));
        scopes = List.of(new QuotaScope("key:bench", high), new QuotaScope("team:bench/team", high),
                         new QuotaScope("tenant:bench", high));
        if ("database".equals(store)) {
            database = new Database(new StorageSettings("jdbc:h2:mem:quota-bench;DB_CLOSE_DELAY=-1", "", "", 4,
                                                        Duration.ofSeconds(5)));
            quotas = new Quotas(new DatabaseQuotaStore(database), QuotaSettings.defaults());
        } else {
            quotas = new Quotas(new LocalQuotaStore(), QuotaSettings.defaults());
        }
        for (int i = 0; i < 1000; i++) {
            admitAndRelease();
        }
    }

    /** Stops the quota thread and closes the database. */
    @TearDown
    public void tearDown() {
        quotas.close();
        if (database != null) {
            database.close();
        }
    }

    /** One call: admitted on three scopes, then released with its tokens and cost. */
    @Benchmark
    public Object admitAndRelease() {
        final var permit = quotas.admit(scopes).join();
        permit.release(120, new BigDecimal("0.00042"));
        return permit;
    }
}
