package dev.llmg.internal.routing;

import static dev.llmg.internal.api.streaming.TestSource.piece;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.linecorp.armeria.common.stream.CancelledSubscriptionException;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.streaming.ManualReader;
import dev.llmg.internal.api.streaming.TestSource;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * The streaming side of the attempt executor, with every signal synchronous: a stream that fails before its
 * first piece is replaced invisibly, one that fails after it ends with the failure, and the caller's demand
 * reaches the provider unchanged but for the one piece that shows an attempt answers.
 */
class FailoverStreamTest {

    private static final DefaultEventLoop LOOP = new DefaultEventLoop();

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private final TestPlans.EventLog events = new TestPlans.EventLog();
    private final List<TestSource> sources = new ArrayList<>();
    private final ManualReader<StreamChatCompletionResponse> client = new ManualReader<>();
    private final Call call = TestCalls.of("req-1", ImmediateEventExecutor.INSTANCE, Duration.ZERO,
                                           Set.of(c -> events));
    private RoutedStream<StreamChatCompletionResponse> stream;

    private void open(AttemptPolicy policy, int targets) {
        final String[] clients = new String[targets];
        for (int i = 0; i < targets; i++) {
            clients[i] = "c" + i;
        }
        stream = new AttemptExecutor(policy).stream(call, TestPlans.over(clients), (candidate, attempt) -> {
            final TestSource source = new TestSource();
            sources.add(source);
            return source;
        });
        stream.pieces().subscribe(client, ImmediateEventExecutor.INSTANCE);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstPieceIsReplacedInvisibly() {
        open(TestPlans.nextCandidateAfter(Duration.ZERO), 2);
        assertThat(sources.get(0).requested()).as("one piece shows whether an attempt answers").isEqualTo(1);
        sources.get(0).abort(new GatewayException(ErrorKind.UNAVAILABLE, "down", "c0 is down"));

        assertThat(sources).hasSize(2);
        sources.get(1).write(piece("hello "));
        sources.get(1).write(piece("world"));
        sources.get(1).close();
        client.request(10);

        assertThat(client.failure()).isNull();
        assertThat(client.received()).extracting(p -> p.getChoices(0).getDelta().getContent())
                                      .containsExactly("hello ", "world");
        assertThat(client.completed()).isTrue();
        assertThat(stream.outcome().served().target().provider()).isEqualTo("p1");
        assertThat(stream.outcome().decision().getAttemptsCount()).isEqualTo(2);
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 FAILED UNAVAILABLE",
                                                  "start 2 p1", "end p1 SUCCEEDED", "first piece");
    }

    @Test
    void aFailureAfterTheFirstPieceEndsTheStreamWithItAndIsNotRetried() {
        open(TestPlans.nextCandidateAfter(Duration.ZERO), 2);
        client.request(10);
        sources.get(0).write(piece("partial"));
        final GatewayException broke = new GatewayException(ErrorKind.UNAVAILABLE, "connection_lost", "cut");
        sources.get(0).abort(broke);

        assertThat(client.received()).hasSize(1);
        assertThat(client.failure()).isSameAs(broke);
        assertThat(sources).as("no second attempt after a piece reached the caller").hasSize(1);
    }

    @Test
    void theCallersDemandReachesTheProviderUnchangedOnceAnAttemptAnswers() {
        open(AttemptPolicy.singleAttempt(), 1);
        final TestSource provider = sources.get(0);
        for (int i = 0; i < 50; i++) {
            provider.write(piece("w" + i)); // a provider that ignores demand, to count what is pulled
        }
        assertThat(provider.requested()).isEqualTo(1);
        assertThat(client.received()).as("the first piece waits for the caller").isEmpty();

        client.request(1);
        assertThat(client.received()).hasSize(1);
        assertThat(provider.requested()).isEqualTo(1);
        client.request(3);
        assertThat(client.received()).hasSize(4);
        assertThat(provider.requested()).isEqualTo(4);
    }

    @Test
    void aCallerWhoLeavesCancelsTheProvidersStream() {
        open(AttemptPolicy.singleAttempt(), 1);
        client.request(1);
        sources.get(0).write(piece("first"));
        client.cancel();

        assertThat(sources.get(0).whenComplete()).isCompletedExceptionally();
        assertThat(sources.get(0).whenComplete().handle((unused, cause) -> cause).join())
                .isInstanceOf(CancelledSubscriptionException.class);
    }

    @Test
    void aStreamingAnswerStaysInFlightUntilItEnds() {
        final RoutePlan<String> plan = TestPlans.over("c0");
        stream = new AttemptExecutor(AttemptPolicy.singleAttempt()).stream(call, plan, (candidate, attempt) -> {
            final TestSource source = new TestSource();
            sources.add(source);
            return source;
        });
        stream.pieces().subscribe(client, ImmediateEventExecutor.INSTANCE);
        final var health = plan.candidates().get(0).route().health();
        client.request(10);
        sources.get(0).write(piece("first"));
        assertThat(health.inFlight()).as("least_in_flight counts a stream until it ends").isEqualTo(1);
        assertThat(health.latencyMillis()).as("its latency is the time to its first piece").isNotNaN();
        sources.get(0).close();
        assertThat(health.inFlight()).isZero();
    }

    @Test
    void anAnswerWithoutPiecesStillCompletes() {
        open(AttemptPolicy.singleAttempt(), 1);
        sources.get(0).close();
        client.request(1);

        assertThat(client.completed()).isTrue();
        assertThat(stream.outcome().decision().getAttemptsCount()).isEqualTo(1);
    }

    @Test
    void whenEveryAttemptFailsTheLastFailureEndsTheStream() {
        open(TestPlans.nextCandidateAfter(Duration.ZERO), 2);
        sources.get(0).abort(new GatewayException(ErrorKind.UNAVAILABLE, "down", "c0 is down"));
        final GatewayException last = new GatewayException(ErrorKind.RATE_LIMITED, "limited", "c1 is busy");
        sources.get(1).abort(last);

        assertThat(client.failure()).isSameAs(last);
        assertThat(call.routing().getAttemptsCount()).isEqualTo(2);
    }

    @Test
    @Timeout(10)
    void aCallerWhoLeavesDuringTheBackoffStartsNoFurtherAttempt() throws Exception {
        final Call onLoop = TestCalls.of("req-2", LOOP, Duration.ZERO, Set.of(c -> events));
        final RoutedStream<StreamChatCompletionResponse> routed = new AttemptExecutor(
                TestPlans.nextCandidateAfter(Duration.ofSeconds(5))).stream(
                onLoop, TestPlans.over("a", "b"), (candidate, attempt) -> {
                    final TestSource source = new TestSource();
                    sources.add(source);
                    source.abort(new GatewayException(ErrorKind.UNAVAILABLE, "down", "down"));
                    return source;
                });
        final ManualReader<StreamChatCompletionResponse> reader = new ManualReader<>();
        routed.pieces().subscribe(reader, LOOP);
        LOOP.submit(() -> { }).get();
        LOOP.submit(() -> reader.cancel()).get();
        LOOP.submit(() -> { }).get();

        assertThat(sources).hasSize(1);
        assertThat(events.events).containsExactly("routed chat", "start 1 p0", "end p0 FAILED UNAVAILABLE");
    }

    @Test
    void aBugInRoutingEndsTheStreamInsteadOfLeavingItWaiting() {
        open(new AttemptPolicy() {
            @Override
            public Optional<Step> first(RoutePlan<?> plan) {
                return Optional.of(new Step(0, Duration.ZERO));
            }

            @Override
            public Optional<Step> afterFailure(RoutePlan<?> plan, History history, GatewayException failure) {
                throw new IllegalStateException("a bug");
            }
        }, 2);
        sources.get(0).abort(new GatewayException(ErrorKind.UNAVAILABLE, "down", "down"));

        assertThat(client.failure()).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) client.failure()).kind()).isEqualTo(ErrorKind.INTERNAL);
    }
}
