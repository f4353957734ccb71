package dev.llmg.internal.routing;

import static dev.llmg.internal.api.streaming.TestSource.piece;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.streaming.ManualReader;
import dev.llmg.internal.api.streaming.TestSource;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.call.TestCalls;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Streamed calls through the router, the real attempt policy and the attempt executor on a real event loop:
 * every way a stream can end (pieces, no pieces, a failure before or after the first piece, a provider that
 * throws, a caller who leaves, the deadline) leaves its target's in-flight count and breaker as it should,
 * stops the provider's stream, and leaves no timer pending.
 */
class RoutedStreamsTest {

    /** An event loop that keeps every timer it was asked for, to check none is left pending. */
    private static final class RecordingLoop extends DefaultEventLoop {
        final List<ScheduledFuture<?>> timers = new CopyOnWriteArrayList<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            final ScheduledFuture<?> timer = super.schedule(command, delay, unit);
            timers.add(timer);
            return timer;
        }
    }

    private static final RecordingLoop LOOP = new RecordingLoop();

    private static final String TWO_TARGETS = """
            models:
              - {name: chat, strategy: priority, targets: [{provider: a, model: m}, {provider: b, model: m}]}
            routing: {retry: {attempts: 2, backoff: 20ms}, attempt_timeout: 10s}
            """;
    /** The same, with a breaker that one failure opens, to see which endings count as failures. */
    private static final String OPENS_ON_ONE_FAILURE =
            TWO_TARGETS.replace("attempt_timeout: 10s", "attempt_timeout: 10s, breaker: {consecutive_failures: 1}");

    @AfterAll
    static void stopLoop() {
        LOOP.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private RoutingTable table = TestRouting.table(TWO_TARGETS);
    private final Map<String, List<TestSource>> sources = new ConcurrentHashMap<>();
    private final ManualReader<StreamChatCompletionResponse> reader = new ManualReader<>();
    private RoutedStream<StreamChatCompletionResponse> stream;
    private Call call;

    /** Streams a request for {@code chat}; each attempt's stream comes from {@code provider}, by target. */
    private void open(Duration deadline, Function<String, StreamMessage<StreamChatCompletionResponse>> provider) {
        open(TWO_TARGETS, deadline, provider);
    }

    private void open(String yaml, Duration deadline,
                      Function<String, StreamMessage<StreamChatCompletionResponse>> provider) {
        table = TestRouting.table(yaml);
        final RoutePlan<ChatProvider> plan = new GroupRouter(new LiveRoutingTable(table), new Balancers())
                .plan(TestRouting.request("chat").build(), Caller.anonymous(), true);
        call = TestCalls.of("req", LOOP, deadline, Set.of());
        stream = new AttemptExecutor(new RoutingAttemptPolicy()).stream(
                call, plan, (candidate, attempt) -> provider.apply(candidate.target().provider()));
        stream.pieces().subscribe(reader, LOOP);
        try {
            settle();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Returns a provider whose every attempt's stream is a fresh {@link TestSource}, kept by target. */
    private Function<String, StreamMessage<StreamChatCompletionResponse>> sources() {
        return target -> {
            final TestSource source = new TestSource();
            sources.computeIfAbsent(target, unused -> new CopyOnWriteArrayList<>()).add(source);
            return source;
        };
    }

    /** Waits until the caller's stream has ended, well or not. */
    private void awaitEnd() throws Exception {
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!LOOP.submit(() -> reader.completed() || reader.failure() != null).get()
               && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        settle();
    }

    /** Waits until {@code target} has been sent {@code count} attempts. */
    private void awaitAttempts(String target, int count) throws Exception {
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sources.getOrDefault(target, List.of()).size() < count && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        settle();
        assertThat(sources.get(target)).hasSize(count);
    }

    private TestSource source(String target, int attempt) {
        return sources.get(target).get(attempt);
    }

    private TargetHealth health(String provider) {
        return table.find("chat").orElseThrow().targets().stream()
                    .filter(target -> target.target().provider().equals(provider)).findFirst().orElseThrow().health();
    }

    /** Runs what the loop has queued so far, so that the test sees every signal sent until now. */
    private static void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            LOOP.submit(() -> { }).get();
        }
    }

    private List<String> attempts() {
        return call.routing().getAttemptsList().stream()
                   .map(attempt -> attempt.getTarget().getProvider() + ' '
                                   + attempt.getOutcome().name().replace("ATTEMPT_OUTCOME_", ""))
                   .toList();
    }

    private static ProviderException unavailable() {
        return ProviderException.builder("p", ErrorKind.UNAVAILABLE).providerStatus(503).retryable(true).build();
    }

    @BeforeEach
    void forgetEarlierTimers() {
        LOOP.timers.clear();
    }

    @AfterEach
    void nothingIsLeftBehind() throws Exception {
        settle();
        assertThat(LOOP.timers).as("timers left pending").allMatch(Future::isDone);
        assertThat(health("a").inFlight()).isZero();
        assertThat(health("b").inFlight()).isZero();
    }

    @Test
    @Timeout(10)
    void aStreamThatFailsBeforeItsFirstPieceIsRetriedAfterABackoffAndTheRetryStreams() throws Exception {
        open(Duration.ofSeconds(30), sources());
        reader.request(10);
        settle();
        source("a", 0).abort(unavailable());
        awaitAttempts("a", 2); // after a backoff of at most 20 ms
        source("a", 1).write(piece("hello"));
        source("a", 1).close();
        settle();

        assertThat(reader.completed()).isTrue();
        assertThat(reader.received()).hasSize(1);
        assertThat(attempts()).containsExactly("a FAILED", "a SUCCEEDED");
        assertThat(stream.outcome().decision().getAttempts(1).getBackoff().getNanos())
                .isBetween(0, (int) TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    @Timeout(10)
    void anAnswerWithoutPiecesEndsTheAttemptAsAnswered() throws Exception {
        open(Duration.ofSeconds(30), sources());
        settle();
        source("a", 0).close();
        reader.request(1);
        settle();

        assertThat(reader.completed()).isTrue();
        assertThat(attempts()).containsExactly("a SUCCEEDED");
        assertThat(stream.outcome().served().target().provider()).isEqualTo("a");
    }

    @Test
    @Timeout(10)
    void aProviderThatThrowsInsteadOfStreamingIsAFailedAttemptAndTheNextStreams() throws Exception {
        final Function<String, StreamMessage<StreamChatCompletionResponse>> fresh = sources();
        open(Duration.ofSeconds(30), target -> {
            if ("a".equals(target)) {
                throw new IllegalStateException("a bug in a provider");
            }
            return fresh.apply(target);
        });
        reader.request(5);
        settle();
        source("b", 0).write(piece("from b"));
        source("b", 0).close();
        settle();

        assertThat(reader.completed()).isTrue();
        assertThat(attempts()).containsExactly("a FAILED", "b SUCCEEDED");
    }

    @Test
    @Timeout(10)
    void aCallerWhoLeavesBeforeTheFirstPieceStopsTheProvidersStream() throws Exception {
        open(Duration.ofSeconds(30), sources());
        reader.request(1);
        settle();
        assertThat(health("a").inFlight()).isEqualTo(1);

        reader.cancel();
        settle();

        assertThat(source("a", 0).whenComplete()).isCompletedExceptionally();
        assertThat(call.routing().getAttemptsList()).extracting(RoutingAttempt::getOutcome)
                                                  .containsExactly(AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED);
        assertThat(sources).doesNotContainKey("b");
    }

    @Test
    @Timeout(10)
    void aCallerWhoLeavesMidStreamStopsTheProvidersStream() throws Exception {
        open(Duration.ofSeconds(30), sources());
        reader.request(1);
        settle();
        source("a", 0).write(piece("first"));
        settle();

        reader.cancel();
        settle();

        assertThat(reader.received()).hasSize(1);
        assertThat(source("a", 0).whenComplete()).isCompletedExceptionally();
        assertThat(attempts()).containsExactly("a SUCCEEDED");
    }

    @Test
    @Timeout(10)
    void aCallerWhoGoesAwayWhileTheStreamWaitsForItsFirstPieceStopsIt() throws Exception {
        open(Duration.ofSeconds(30), sources());
        settle();

        call.cancel();
        settle();

        assertThat(reader.failure()).isInstanceOf(GatewayException.class);
        assertThat(((GatewayException) reader.failure()).kind()).isEqualTo(ErrorKind.CANCELLED);
        assertThat(source("a", 0).whenComplete()).isCompletedExceptionally();
    }

    @Test
    @Timeout(10)
    void theDeadlineEndsAStreamMidwayWithAnErrorAndStopsTheProvider() throws Exception {
        open(OPENS_ON_ONE_FAILURE, Duration.ofSeconds(1), sources());
        reader.request(10);
        settle();
        source("a", 0).write(piece("partial"));
        awaitEnd();

        assertThat(reader.received()).hasSize(1);
        assertThat(((GatewayException) reader.failure()).reason()).isEqualTo("deadline_exceeded");
        assertThat(source("a", 0).whenComplete()).isCompletedExceptionally();
        assertThat(health("a").isOpen()).isFalse();
    }

    @Test
    @Timeout(10)
    void theDeadlineBeforeTheFirstPieceFailsTheCallWithoutChargingTheTarget() throws Exception {
        open(OPENS_ON_ONE_FAILURE, Duration.ofMillis(300), sources());
        reader.request(10);
        awaitEnd();

        assertThat(((GatewayException) reader.failure()).reason()).isEqualTo("deadline_exceeded");
        assertThat(source("a", 0).whenComplete()).isCompletedExceptionally();
        assertThat(sources).as("no attempt after the deadline").doesNotContainKey("b");
        assertThat(health("a").isOpen()).as("the caller's hurry is not the target's failure").isFalse();
    }
}
