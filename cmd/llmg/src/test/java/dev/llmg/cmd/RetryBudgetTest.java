package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;

/**
 * The retry budget holds under an outage: with one target always failing with 503 and up to two retries per
 * call allowed, the retries it receives stay within {@code ratio} of its requests plus the floor, while every
 * call is still answered by the other target.
 */
@Timeout(60)
class RetryBudgetTest {

    private static final int REQUESTS = 60;
    private static final double RATIO = 0.2;
    /** {@code min_per_second} (1) times the window in seconds (10). */
    private static final int FLOOR = 10;

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream down = new FaultyUpstream("down");

    @RegisterExtension
    @Order(2)
    static final FaultyUpstream up = new FaultyUpstream("up");

    @RegisterExtension
    @Order(3) // after the upstreams, whose addresses its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            down.providerYaml("down") + up.providerYaml("up"),
            "models:",
            "  - name: chat",
            "    strategy: priority",
            "    targets: [{provider: down, model: gpt-4o-mini}, {provider: up, model: gpt-4o-mini}]",
            "routing:",
            "  retry: {attempts: 3, backoff: 1ms, max_backoff: 10ms}",
            "  retry_budget: {ratio: " + RATIO + ", window: 10s, min_per_second: 1}",
            "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}", // the outage must keep getting calls
            ""));

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    @Test
    void retriesToAFailingTargetStayWithinTheBudget() {
        down.always(Fault.status(503));

        for (int i = 0; i < REQUESTS; i++) {
            final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), "chat");
            assertThat(seen.error()).as("every call is answered").isNull();
            assertThat(seen.gateway().getProvider()).isEqualTo("up");
        }

        final int retries = down.requests() - REQUESTS;
        assertThat(retries).as("retries, as long as the budget lasted").isGreaterThanOrEqualTo(FLOOR);
        assertThat(retries).as("without a budget there would be %d", 2 * REQUESTS)
                           .isLessThanOrEqualTo((int) (RATIO * REQUESTS) + FLOOR);
        assertThat(up.requests()).isEqualTo(REQUESTS);
    }
}
