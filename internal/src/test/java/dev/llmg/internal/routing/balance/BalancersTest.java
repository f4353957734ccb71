package dev.llmg.internal.routing.balance;

import static dev.llmg.internal.routing.balance.TestTargets.answeringIn;
import static dev.llmg.internal.routing.balance.TestTargets.busy;
import static dev.llmg.internal.routing.balance.TestTargets.counts;
import static dev.llmg.internal.routing.balance.TestTargets.firsts;
import static dev.llmg.internal.routing.balance.TestTargets.names;
import static dev.llmg.internal.routing.balance.TestTargets.priced;
import static dev.llmg.internal.routing.balance.TestTargets.ranked;
import static dev.llmg.internal.routing.balance.TestTargets.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;

/**
 * Every strategy's order. The random ones are checked over thousands of requests with bounds that a correct
 * balancer misses with odds below one in a billion, and that a wrong one (no randomness, the other target,
 * no power of two choices) cannot meet.
 */
class BalancersTest {

    private static final RequestSize SIZE = new RequestSize(1000, 100);

    // weighted

    @Test
    void weightedGivesEachTargetExactlyItsShareInEveryRoundOfTheTotalWeight() {
        final List<RouteTarget> eligible = List.of(weighted("A", 5), weighted("B", 3), weighted("C", 2));
        final String firsts = firsts(new WeightedBalancer(), eligible, 1000);

        assertThat(counts(firsts)).isEqualTo(Map.of('A', 500, 'B', 300, 'C', 200));
        for (int round = 0; round < 100; round++) {
            assertThat(counts(firsts.substring(round * 10, round * 10 + 10)))
                    .as("round %d", round).isEqualTo(Map.of('A', 5, 'B', 3, 'C', 2));
        }
    }

    @Test
    void weightedSpreadsEachTargetsShareInsteadOfSendingItInBursts() {
        assertThat(firsts(new WeightedBalancer(), List.of(weighted("A", 5), weighted("B", 3), weighted("C", 2)), 10))
                .isEqualTo("ABCAABACBA");
        assertThat(firsts(new WeightedBalancer(), List.of(weighted("A", 10), weighted("B", 10)), 8))
                .isEqualTo("ABABABAB");
    }

    @Test
    void weightedNeverPutsATargetOfWeightZeroFirstButKeepsItForFailingOver() {
        final WeightedBalancer balancer = new WeightedBalancer();
        final List<RouteTarget> eligible = List.of(weighted("Z", 0), weighted("A", 3), weighted("B", 1));

        assertThat(counts(firsts(balancer, eligible, 400))).isEqualTo(Map.of('A', 300, 'B', 100));
        assertThat(names(balancer.order(eligible, SIZE))).as("the others follow by weight").endsWith("Z");
    }

    @Test
    void weightedKeepsTheOrderWrittenWhenEveryWeightIsZero() {
        final List<RouteTarget> eligible = List.of(weighted("A", 0), weighted("B", 0));

        assertThat(names(new WeightedBalancer().order(eligible, SIZE))).isEqualTo("AB");
    }

    @Test
    void weightedFollowsTheChoiceWithTheOthersByWeight() {
        final List<RouteTarget> eligible = List.of(weighted("A", 1), weighted("B", 2), weighted("C", 5));

        assertThat(names(new WeightedBalancer().order(eligible, SIZE))).isEqualTo("CBA");
    }

    @Test
    void weightedKeepsItsSharesUnderConcurrentRequests() throws Exception {
        final WeightedBalancer balancer = new WeightedBalancer();
        final List<RouteTarget> eligible = List.of(weighted("A", 3), weighted("B", 1));
        final Map<Character, AtomicInteger> counts = new ConcurrentHashMap<>();
        final List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 1000; i++) {
                    counts.computeIfAbsent(balancer.order(eligible, SIZE).get(0).target().provider().charAt(0),
                                           unused -> new AtomicInteger()).incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).join();

        assertThat(counts.get('A').get()).isEqualTo(3000);
        assertThat(counts.get('B').get()).isEqualTo(1000);
    }

    // round_robin

    @Test
    void roundRobinStartsEachRequestAtTheNextTargetAndGoesOnInOrder() {
        final RoundRobinBalancer balancer = new RoundRobinBalancer();
        final List<RouteTarget> eligible = List.of(weighted("A", 1), weighted("B", 9), weighted("C", 1));

        assertThat(names(balancer.order(eligible, SIZE))).isEqualTo("ABC");
        assertThat(names(balancer.order(eligible, SIZE))).isEqualTo("BCA");
        assertThat(names(balancer.order(eligible, SIZE))).isEqualTo("CAB");
        assertThat(firsts(balancer, eligible, 9)).as("weights play no part").isEqualTo("ABCABCABC");
    }

    // least_in_flight

    @Test
    void leastInFlightPrefersTheTargetWithFewestRequestsInFlight() {
        final List<RouteTarget> eligible = List.of(busy(weighted("A", 1), 3), weighted("B", 1), busy(weighted("C", 1), 1));

        for (int i = 0; i < 20; i++) {
            assertThat(names(new LeastInFlightBalancer().order(eligible, SIZE))).isEqualTo("BCA");
        }
    }

    @RepeatedTest(3)
    void leastInFlightBreaksTiesAtRandomSoIdleTargetsShareTheLoad() {
        final List<RouteTarget> eligible = List.of(weighted("A", 1), weighted("B", 1), busy(weighted("C", 1), 1));
        final Map<Character, Integer> counts = counts(firsts(new LeastInFlightBalancer(), eligible, 4000));

        // Each of A and B is first with odds 1/2: 2000 of 4000, sd 32; 1700..2300 is more than 9 sd.
        assertThat(counts.get('A')).isBetween(1700, 2300);
        assertThat(counts.get('B')).isBetween(1700, 2300);
        assertThat(counts).doesNotContainKey('C');
    }

    // least_latency

    @Test
    void leastLatencyOfTwoTargetsSendsTheRequestToTheFasterOne() {
        final List<RouteTarget> eligible = List.of(answeringIn(weighted("S", 1), Duration.ofMillis(300)),
                                                   answeringIn(weighted("F", 1), Duration.ofMillis(30)));

        assertThat(counts(firsts(new LeastLatencyBalancer(), eligible, 200))).isEqualTo(Map.of('F', 200));
    }

    @RepeatedTest(3)
    void leastLatencyMovesMostTrafficToTheFastestYetStillTriesOthers() {
        final List<RouteTarget> eligible = List.of(answeringIn(weighted("S", 1), Duration.ofMillis(500)),
                                                   answeringIn(weighted("M", 1), Duration.ofMillis(100)),
                                                   answeringIn(weighted("F", 1), Duration.ofMillis(20)));
        final Map<Character, Integer> counts = counts(firsts(new LeastLatencyBalancer(), eligible, 3000));

        // Two of three random pairs hold F (2000 of 3000, sd 26); M wins the pair without F (1000).
        assertThat(counts.get('F')).isBetween(1750, 2250);
        assertThat(counts.get('M')).as("power of two choices: not every request to the fastest").isBetween(750, 1250);
        assertThat(counts).as("the slowest loses every pair").doesNotContainKey('S');
    }

    @Test
    void leastLatencyWeighsLatencyByTheRequestsAlreadyInFlight() {
        final List<RouteTarget> eligible = List.of(answeringIn(weighted("S", 1), Duration.ofMillis(100)),
                                                   busy(answeringIn(weighted("F", 1), Duration.ofMillis(20)), 9));

        assertThat(counts(firsts(new LeastLatencyBalancer(), eligible, 100))).as("20 ms x 10 > 100 ms x 1")
                                                                             .isEqualTo(Map.of('S', 100));
    }

    @Test
    void leastLatencyTriesATargetWithoutAnAnswerYet() {
        final List<RouteTarget> eligible = List.of(answeringIn(weighted("K", 1), Duration.ofMillis(5)),
                                                   weighted("N", 1));

        assertThat(names(new LeastLatencyBalancer().order(eligible, SIZE))).isEqualTo("NK");
    }

    @Test
    void leastLatencyOrdersTheOthersByLatencyForFailingOver() {
        final List<RouteTarget> eligible = List.of(answeringIn(weighted("S", 1), Duration.ofMillis(500)),
                                                   answeringIn(weighted("M", 1), Duration.ofMillis(100)),
                                                   answeringIn(weighted("F", 1), Duration.ofMillis(20)));

        for (int i = 0; i < 50; i++) {
            assertThat(names(new LeastLatencyBalancer().order(eligible, SIZE))).isIn("FMS", "MFS");
        }
    }

    // lowest_cost

    @Test
    void lowestCostOrdersByPriceTimesTheRequestsTokens() {
        final RouteTarget cheapIn = priced("I", new Prices(1.0, 20.0, null));
        final RouteTarget cheapOut = priced("O", new Prices(5.0, 2.0, null));
        final List<RouteTarget> eligible = List.of(cheapIn, cheapOut);

        // 1000 prompt, 100 answer: I 0.001 + 0.002, O 0.005 + 0.0002
        assertThat(names(new LowestCostBalancer().order(eligible, new RequestSize(1000, 100)))).isEqualTo("IO");
        // 1000 prompt, 1000 answer: I 0.001 + 0.02, O 0.005 + 0.002
        assertThat(names(new LowestCostBalancer().order(eligible, new RequestSize(1000, 1000)))).isEqualTo("OI");
    }

    @Test
    void lowestCostPutsTargetsWithoutKnownPricesLastInTheOrderWritten() {
        final List<RouteTarget> eligible = List.of(priced("U", Prices.UNKNOWN), priced("H", new Prices(1.0, null, null)),
                                                   priced("X", new Prices(10.0, 30.0, null)),
                                                   priced("C", new Prices(0.1, 0.4, null)));

        assertThat(names(new LowestCostBalancer().order(eligible, SIZE))).isEqualTo("CXUH");
    }

    @Test
    void lowestCostOfAFreeTargetIsZero() {
        assertThat(LowestCostBalancer.cost(priced("F", new Prices(0.0, 0.0, null)), SIZE)).isZero();
        assertThat(LowestCostBalancer.cost(priced("P", new Prices(2.0, 8.0, null)), SIZE)).isEqualTo(0.0028);
    }

    // priority

    @Test
    void priorityOrdersByPriorityThenAsWritten() {
        final List<RouteTarget> eligible = List.of(ranked("A", 2), ranked("B", 1), ranked("C", 1), ranked("D", 0));

        assertThat(names(new PriorityBalancer().order(eligible, SIZE))).isEqualTo("DBCA");
        assertThat(firsts(new PriorityBalancer(), eligible, 10)).isEqualTo("DDDDDDDDDD");
    }

    // Balancers

    @Test
    void aGroupKeepsItsBalancerWhileItsStrategyAndTargetsStayTheSame() {
        final Balancers balancers = new Balancers();
        final List<RouteTarget> targets = List.of(weighted("A", 3), weighted("B", 1));
        final Balancer first = balancers.of(group("chat", Strategy.WEIGHTED, targets), Strategy.WEIGHTED);

        assertThat(balancers.of(group("chat", Strategy.WEIGHTED, List.of(weighted("A", 3), weighted("B", 1))),
                                Strategy.WEIGHTED)).isSameAs(first);
        assertThat(balancers.of(group("chat", Strategy.WEIGHTED, targets), Strategy.LOWEST_COST))
                .isInstanceOf(LowestCostBalancer.class);
        assertThat(balancers.of(group("chat", Strategy.WEIGHTED, List.of(weighted("A", 1), weighted("B", 1))),
                                Strategy.WEIGHTED)).as("new weights").isNotSameAs(first);
        assertThat(balancers.of(group("other", Strategy.WEIGHTED, targets), Strategy.WEIGHTED)).isNotSameAs(first);
    }

    @Test
    void everyStrategyHasItsBalancer() {
        assertThat(Balancers.create(Strategy.ROUND_ROBIN)).isInstanceOf(RoundRobinBalancer.class);
        assertThat(Balancers.create(Strategy.WEIGHTED)).isInstanceOf(WeightedBalancer.class);
        assertThat(Balancers.create(Strategy.LEAST_IN_FLIGHT)).isInstanceOf(LeastInFlightBalancer.class);
        assertThat(Balancers.create(Strategy.LEAST_LATENCY)).isInstanceOf(LeastLatencyBalancer.class);
        assertThat(Balancers.create(Strategy.LOWEST_COST)).isInstanceOf(LowestCostBalancer.class);
        assertThat(Balancers.create(Strategy.PRIORITY)).isInstanceOf(PriorityBalancer.class);
    }

    @Test
    void aReloadForgetsTheBalancersOfGroupsThatAreGone() {
        final Balancers balancers = new Balancers();
        final List<RouteTarget> targets = List.of(weighted("A", 1));
        final Balancer gone = balancers.of(group("gone", Strategy.ROUND_ROBIN, targets), Strategy.ROUND_ROBIN);
        final Balancer kept = balancers.of(group("kept", Strategy.ROUND_ROBIN, targets), Strategy.ROUND_ROBIN);

        balancers.retainOnly(List.of(group("kept", Strategy.ROUND_ROBIN, targets)));

        assertThat(balancers.of(group("kept", Strategy.ROUND_ROBIN, targets), Strategy.ROUND_ROBIN)).isSameAs(kept);
        assertThat(balancers.of(group("gone", Strategy.ROUND_ROBIN, targets), Strategy.ROUND_ROBIN)).isNotSameAs(gone);
    }

    private static ModelGroup group(String name, Strategy strategy, List<RouteTarget> targets) {
        return new ModelGroup(name, strategy, targets, List.of(), RetrySettings.DEFAULT, Duration.ZERO,
                              StructuredOutputSettings.DEFAULT);
    }
}
