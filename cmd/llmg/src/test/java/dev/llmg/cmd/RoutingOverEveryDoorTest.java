package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.cmd.FrontDoor.Seen;
import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;

/**
 * A model group over two fault-prone upstreams, with a fallback model on a third, through every front door of
 * the gateway, unary and streamed: every request that a surviving target can answer is answered; a stream cut
 * before its first piece is retried invisibly and one cut after it ends with the surface's error; a 429 waits
 * for its Retry-After or moves on at once; a 400 goes straight back; the fallback answers when both targets
 * fail; and every answer explains the decision in {@code gateway.routing} and, on every HTTP door and in
 * gRPC response headers, in the {@code x-llmg-*} headers. The upstreams count what reached them, so no retry
 * can hide.
 */
@Timeout(60)
class RoutingOverEveryDoorTest {

    @RegisterExtension
    @Order(1)
    static final FaultyUpstream east = new FaultyUpstream("east");

    @RegisterExtension
    @Order(2)
    static final FaultyUpstream west = new FaultyUpstream("west");

    @RegisterExtension
    @Order(3)
    static final FaultyUpstream backup = new FaultyUpstream("backup");

    @RegisterExtension
    @Order(4) // after the upstreams, whose addresses its config names
    static final TestGateway gateway = new TestGateway(RoutingOverEveryDoorTest::config);

    /** How a target fails in {@link #everyRequestASurvivorCanAnswerIsAnswered}. */
    enum Failure { HTTP_503, RESET, REFUSED }

    private static String config() {
        return String.join("\n",
                "providers:",
                east.providerYaml("east") + west.providerYaml("west") + backup.providerYaml("backup")
                + FaultyUpstream.providerYaml("nobody", FaultyUpstream.refusingBaseUrl()),
                "models:",
                "  - name: chat",
                "    strategy: priority", // east first, then west: each test knows who fails first
                "    targets:",
                "      - {provider: east, model: gpt-4o-mini}",
                "      - {provider: west, model: gpt-4o-mini}",
                "    fallbacks: [chat-backup]",
                "  - name: chat-backup",
                "    targets: [{provider: backup, model: gpt-4o-mini}]",
                "  - name: chat-refused",
                "    strategy: priority",
                "    targets:",
                "      - {provider: nobody, model: gpt-4o-mini}",
                "      - {provider: west, model: gpt-4o-mini}",
                "routing:",
                "  retry: {attempts: 2, backoff: 10ms, max_backoff: 2s}",
                // Every test must see the failure table alone: no breaker opens, no budget runs out.
                "  retry_budget: {ratio: 10, min_per_second: 100000}",
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "");
    }

    @BeforeEach
    void freshUpstreams() {
        east.reset();
        west.reset();
        backup.reset();
    }

    @AfterAll
    static void closeClients() {
        FrontDoor.closeClients();
    }

    static Stream<Arguments> doorsAndFailures() {
        return Arrays.stream(FrontDoor.values())
                     .flatMap(door -> Arrays.stream(Failure.values()).map(failure -> arguments(door, failure)));
    }

    static Stream<FrontDoor> streamedDoors() {
        return Arrays.stream(FrontDoor.values()).filter(FrontDoor::streamed);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("doorsAndFailures")
    void everyRequestASurvivorCanAnswerIsAnswered(FrontDoor door, Failure failure) {
        final String model;
        final String failing;
        if (failure == Failure.REFUSED) {
            model = "chat-refused";
            failing = "nobody";
        } else {
            model = "chat";
            failing = "east";
            east.always(failure == Failure.HTTP_503 ? Fault.status(503) : Fault.reset());
        }

        final Seen seen = door.call(gateway.httpUri(), model);

        assertAnsweredBy(seen, west);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(routing.getRequestedModel()).isEqualTo(model);
        assertThat(routing.getModel()).isEqualTo(model);
        assertThat(routing.getStrategy()).isEqualTo("priority");
        assertThat(routing.getFallbacksList()).isEmpty();
        assertThat(targetsOf(routing)).as("retried once (attempts: 2), then moved on")
                                      .containsExactly(failing, failing, "west");
        for (RoutingAttempt attempt : routing.getAttemptsList().subList(0, 2)) {
            assertThat(attempt.getTarget().getModel()).isEqualTo("gpt-4o-mini");
            assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
            assertThat(attempt.getErrorKind()).isEqualTo("UNAVAILABLE");
            assertThat(attempt.hasLatency()).isTrue();
            switch (failure) {
                case HTTP_503:
                    assertThat(attempt.getProviderStatus()).isEqualTo(503);
                    assertThat(attempt.getProviderRequestId()).startsWith("east-");
                    break;
                case RESET:
                    assertThat(attempt.getProviderStatus()).as("no status arrived").isZero();
                    assertThat(attempt.getErrorReason()).isEqualTo("connection_lost");
                    break;
                default:
                    assertThat(attempt.getProviderStatus()).isZero();
                    assertThat(attempt.getErrorReason()).isEqualTo("connect_failed");
            }
        }
        assertThat(routing.getAttempts(0).getBackoff()).isEqualTo(Durations.ZERO);
        assertThat(Durations.toMillis(routing.getAttempts(1).getBackoff())).as("a backoff of at most max_backoff")
                                                                          .isBetween(0L, 2000L);
        final RoutingAttempt answered = routing.getAttempts(2);
        assertThat(answered.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
        assertThat(answered.getErrorKind()).isEmpty();
        assertThat(answered.getProviderStatus()).isEqualTo(200);
        assertThat(answered.getProviderRequestId()).isEqualTo("west-1");
        assertThat(answered.getBackoff()).as("moving on does not wait").isEqualTo(Durations.ZERO);
        assertThat(answered.hasLatency()).isTrue();
        assertThat(seen.gateway().getAttempts()).isEqualTo(3);
        assertThat(seen.gateway().getRoute()).contains("chat", "priority");
        assertRoutingHeaders(door, seen, "west", 3, model);
        assertThat(east.requests()).isEqualTo(failure == Failure.REFUSED ? 0 : 2);
        assertThat(west.requests()).isEqualTo(1);
        assertThat(backup.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void anAnswerCutBeforeItsFirstPieceIsRetriedInvisibly(FrontDoor door) {
        // A stream: 200, then reset before any event. A unary answer: 200, then reset halfway through the body.
        east.next(Fault.cutBeforeFirstPiece());

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertAnsweredBy(seen, east);
        assertThat(seen.pieces()).as("one clean answer, nothing of the cut one")
                                 .isEqualTo(door.streamed() ? Fault.ANSWER_PIECES : 1);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(targetsOf(routing)).containsExactly("east", "east");
        assertThat(routing.getAttempts(0).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_FAILED);
        assertThat(routing.getAttempts(0).getErrorKind()).isEqualTo("UNAVAILABLE");
        assertThat(routing.getAttempts(1).getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
        assertRoutingHeaders(door, seen, "east", 2, "chat");
        assertThat(east.requests()).isEqualTo(2);
        assertThat(west.requests()).isZero();
    }

    @ParameterizedTest
    @MethodSource("streamedDoors")
    void aStreamCutAfterItsFirstPieceEndsWithAnErrorNeverSilently(FrontDoor door) {
        east.next(Fault.cutAfter(1));

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertThat(seen.text()).as("the first piece reached the caller").isEqualTo("Hello");
        assertThat(seen.pieces()).isEqualTo(1);
        assertThat(seen.finishReason()).as("the last piece says the answer ended in an error").isEqualTo("error");
        assertThat(seen.error()).as("then the stream ends with the surface's error, not as if it were complete")
                                .isEqualTo("UNAVAILABLE");
        if (door != FrontDoor.OPENAI_STREAM) { // OpenAI's chunk has no room for the decision, the others do
            assertThat(seen.gateway()).as("the last piece's metadata").isNotNull();
            assertThat(seen.gateway().getProvider()).isEqualTo("east");
            assertThat(seen.gateway().getRouting().getAttemptsList()).singleElement().satisfies(
                    attempt -> assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED));
        }
        assertRoutingHeaders(door, seen, "east", 1, "chat"); // as they left with the first piece
        assertThat(east.requests()).as("nothing is retried once the caller has a piece").isEqualTo(1);
        assertThat(west.requests()).isZero();
        assertThat(backup.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void a429WithAShortRetryAfterRetriesTheSameTargetAfterThatWait(FrontDoor door) {
        east.next(Fault.status(429).retryAfterMs("200"));

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertAnsweredBy(seen, east);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(targetsOf(routing)).containsExactly("east", "east");
        assertThat(routing.getAttempts(0).getErrorKind()).isEqualTo("RATE_LIMITED");
        assertThat(routing.getAttempts(0).getProviderStatus()).isEqualTo(429);
        assertThat(Durations.toMillis(routing.getAttempts(1).getBackoff())).isGreaterThanOrEqualTo(200);
        final List<FaultyUpstream.Received> received = east.received();
        assertThat(received).hasSize(2);
        assertThat(Duration.ofNanos(received.get(1).atNanos() - received.get(0).atNanos()))
                .as("the retry waited for the Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertRoutingHeaders(door, seen, "east", 2, "chat");
        assertThat(west.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void a429WithoutRetryAfterMovesOnAtOnce(FrontDoor door) {
        east.next(Fault.status(429));

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertAnsweredBy(seen, west);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(targetsOf(routing)).containsExactly("east", "west");
        assertThat(routing.getAttempts(0).getErrorKind()).isEqualTo("RATE_LIMITED");
        assertThat(routing.getAttempts(1).getBackoff()).isEqualTo(Durations.ZERO);
        assertRoutingHeaders(door, seen, "west", 2, "chat");
        assertThat(east.requests()).isEqualTo(1);
        assertThat(west.requests()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void a400GoesStraightBackToTheCaller(FrontDoor door) {
        east.always(Fault.status(400));

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertThat(seen.error()).isEqualTo("INVALID_ARGUMENT");
        assertThat(seen.text()).isEmpty();
        assertRoutingHeaders(door, seen, "east", 1, "chat"); // an error names its routing too
        assertThat(east.requests()).as("no second attempt").isEqualTo(1);
        assertThat(west.requests()).isZero();
        assertThat(backup.requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontDoor.class)
    void theFallbackModelAnswersWhenEveryTargetOfTheRequestedOneFails(FrontDoor door) {
        east.always(Fault.status(503));
        west.always(Fault.reset());

        final Seen seen = door.call(gateway.httpUri(), "chat");

        assertAnsweredBy(seen, backup);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(routing.getRequestedModel()).isEqualTo("chat");
        assertThat(routing.getFallbacksList()).containsExactly("chat-backup");
        assertThat(targetsOf(routing)).containsExactly("east", "east", "west", "west", "backup");
        assertThat(seen.gateway().getProvider()).isEqualTo("backup");
        assertRoutingHeaders(door, seen, "backup", 5, "chat; fallback=chat-backup");
        assertThat(east.requests()).isEqualTo(2);
        assertThat(west.requests()).isEqualTo(2);
        assertThat(backup.requests()).isEqualTo(1);
    }

    static Stream<Arguments> failureTable() {
        return Stream.of(
                arguments(Fault.status(500), List.of("east", "east", "west")),
                arguments(Fault.status(529), List.of("east", "east", "west")),
                arguments(Fault.status(401), List.of("east", "west")),
                arguments(Fault.status(429).retryAfter("30"), List.of("east", "west")), // longer than max_backoff
                arguments(Fault.status(429).retryAfter("1"), List.of("east", "east", "west")));
    }

    /** The failure table, end to end on one door: which failures retry the target and which move on. */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("failureTable")
    void eachFailureRetriesOrMovesOnAsTheTableSays(Fault fault, List<String> tried) {
        east.always(fault);

        final Seen seen = FrontDoor.GRPC.call(gateway.httpUri(), "chat");

        assertAnsweredBy(seen, west);
        final RoutingDecision routing = seen.gateway().getRouting();
        assertThat(targetsOf(routing)).isEqualTo(tried);
        assertThat(routing.getAttempts(0).getProviderStatus()).isEqualTo(fault.status());
        if (fault.retryAfter() != null && tried.size() == 3) {
            assertThat(Durations.toMillis(routing.getAttempts(1).getBackoff())).isGreaterThanOrEqualTo(1000);
            final List<FaultyUpstream.Received> received = east.received();
            assertThat(Duration.ofNanos(received.get(1).atNanos() - received.get(0).atNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(east.requests()).isEqualTo(tried.size() - 1);
    }

    private static void assertAnsweredBy(Seen seen, FaultyUpstream upstream) {
        assertThat(seen.error()).as("answered, not failed").isNull();
        assertThat(seen.text()).isEqualTo(upstream.answer());
        assertThat(seen.gateway().getProvider()).isEqualTo(upstream.name());
    }

    /** Checks the routing headers; the WebSocket has none per call, its one upgrade response serves them all. */
    private static void assertRoutingHeaders(FrontDoor door, Seen seen, String provider, int attempts, String route) {
        if (door == FrontDoor.WEBSOCKET) {
            return;
        }
        assertThat(seen.headers()).as("routing headers")
                                  .containsEntry("x-llmg-provider", provider)
                                  .containsEntry("x-llmg-model", "gpt-4o-mini")
                                  .containsEntry("x-llmg-attempts", Integer.toString(attempts))
                                  .containsEntry("x-llmg-route", route);
    }

    private static List<String> targetsOf(RoutingDecision routing) {
        return routing.getAttemptsList().stream().map(attempt -> attempt.getTarget().getProvider()).toList();
    }
}
