package dev.llmg.internal.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.llmg.internal.auth.grouping.EndpointSettings;
import dev.llmg.internal.auth.grouping.GroupSettings;
import dev.llmg.internal.auth.grouping.Grouping;
import dev.llmg.internal.auth.grouping.TeamSettings;
import dev.llmg.internal.auth.grouping.TenantSettings;
import dev.llmg.internal.quota.QuotaLimits;

/**
 * What finding a caller's endpoint by its key costs on the request path, the target being a few microseconds
 * and no database: one SHA-256 of the key and one map lookup, in a grouping of 10,000 endpoints; and the whole
 * authentication with the allowlist check (limits: QuotaBenchmark).
 *
 * <p>{@code java -cp cmd/llmg-bench/target/llmg-bench.jar org.openjdk.jmh.Main KeyResolutionBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyResolutionBenchmark {

    private static final int ENDPOINTS = 10_000;

    private Grouping grouping;
    private String known;
    private String unknown;
    private Authenticator authenticator;
    private Optional<String> presented;

    private static final QuotaLimits LIMITED = new QuotaLimits(600, 100_000, 10, null, null);

    /** Builds ten tenants of ten teams of a hundred endpoints, each with one key. */
    @Setup
    public void setUp() {
        final List<TenantSettings> tenants = new ArrayList<>();
        int made = 0;
        for (int t = 0; t < 10; t++) {
            final List<TeamSettings> teams = new ArrayList<>();
            for (int m = 0; m < 10; m++) {
                final List<EndpointSettings> endpoints = new ArrayList<>();
                for (int e = 0; e < ENDPOINTS / 100; e++) {
                    final String key = ApiKeys.generate();
                    if (made++ == ENDPOINTS / 2) {
                        known = key;
                    }
                    endpoints.add(new EndpointSettings("e" + e, null, null, null, null, null, null,
                                                       List.of(ApiKeys.hash(key))));
                }
                teams.add(new TeamSettings("team" + m, null, null, null, null, null,
                                           List.of(new GroupSettings("all", null, null, null, LIMITED, null, null,
                                                                     endpoints))));
            }
            tenants.add(new TenantSettings("tenant" + t, "chat", List.of("chat", "chat-cheap"), null, LIMITED, null,
                                           teams));
        }
        grouping = Grouping.of(tenants, "tenants", (path, reference) -> "");
        unknown = ApiKeys.generate();
        final KeyDirectory directory = new KeyDirectory(tenants, (path, reference) -> "", Set.of());
        authenticator = new Authenticator(true, directory, Clock.systemUTC());
        presented = Optional.of(known);
    }

    /** A key that belongs to an endpoint. */
    @Benchmark
    public Object knownKey() {
        return grouping.endpointOf(known);
    }

    /**
     * What the request path does per call: the key authenticated (hash, admin check, lookup, revocation and
     * expiry) and the model checked against the endpoint's allowlist.
     */
    @Benchmark
    public Object authenticateAndCheckModel() {
        return ModelAccess.modelFor(authenticator.authenticate(presented), "chat-cheap");
    }

    /** A key nobody holds: the same work, then UNAUTHENTICATED. */
    @Benchmark
    public Object unknownKey() {
        return grouping.endpointOf(unknown);
    }
}
