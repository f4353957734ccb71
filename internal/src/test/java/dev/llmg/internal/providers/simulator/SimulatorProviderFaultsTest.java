package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/** The simulator's faults as a caller (routing) sees them, through the provider's own methods. */
class SimulatorProviderFaultsTest {

    private static final ChatRequest TEN_WORDS = ChatRequest.newBuilder().setModel("sim").addMessages(
            Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder()
                    .setText("one two three four five six seven eight nine ten"))).build();
    private static final Duration STALL = Duration.ofSeconds(30);

    /** The simulator's timers; cancelled timers leave its queue at once, so the queue shows what is pending. */
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    {
        timers.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void aRateLimitFailsEveryCallWith429AndItsRetryAfter() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                new SimulatorFaults.RateLimited(1.0, Duration.ofSeconds(2)), null, null, null, null, null));

        final Attempt unary = Attempt.unlimited();
        final ProviderException refused = failure(simulator.complete(TEN_WORDS, unary));
        assertThat(refused.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(refused.providerStatus()).isEqualTo(429);
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(refused.retryable()).isTrue();
        assertThat(unary.httpStatus()).isEqualTo(429);

        final Attempt streamed = Attempt.unlimited();
        final Reader reader = new Reader(Long.MAX_VALUE);
        simulator.stream(TEN_WORDS, streamed).subscribe(reader);
        final Throwable cause = reader.ended.get(10, TimeUnit.SECONDS);
        assertThat(reader.pieces).as("a refusal comes before any piece").isEmpty();
        assertThat(cause).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
        });
        assertThat(streamed.httpStatus()).isEqualTo(429);

        final Attempt embedded = Attempt.unlimited();
        assertThat(failure(simulator.embed(CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x").build(),
                                           embedded)).kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(embedded.httpStatus()).isEqualTo(429);
    }

    @Test
    void aServerErrorFailsWithItsStatusAsUnavailable() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, new SimulatorFaults.ServerErrors(1.0, 529), null, null, null, null));
        final Attempt attempt = Attempt.unlimited();
        final ProviderException failed = failure(simulator.complete(TEN_WORDS, attempt));
        assertThat(failed.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(failed.providerStatus()).isEqualTo(529);
        assertThat(failed.retryable()).isTrue();
        assertThat(attempt.httpStatus()).isEqualTo(529);

        final Throwable streamed = catchThrowable(() -> simulator.stream(TEN_WORDS, Attempt.unlimited()).collect()
                                                                 .get(10, TimeUnit.SECONDS));
        assertThat(streamed).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProviderException.class)
                            .hasMessageContaining("HTTP 529");
    }

    @Test
    void anAnswerReportsStatus200() {
        final Attempt attempt = Attempt.unlimited();
        simulator(0, SimulatorFaults.NONE).complete(TEN_WORDS, attempt).join();
        assertThat(attempt.httpStatus()).isEqualTo(200);
    }

    @Test
    void aBrokenStreamSendsExactlyItsPiecesThenFails() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, null, null, new SimulatorFaults.FailAfterPieces(1.0, 3), null, null));
        final Attempt attempt = Attempt.unlimited();
        final Reader reader = new Reader(Long.MAX_VALUE);
        simulator.stream(TEN_WORDS, attempt).subscribe(reader);

        final Throwable cause = reader.ended.get(10, TimeUnit.SECONDS);
        assertThat(reader.pieces).extracting(piece -> piece.getChoices(0).getDelta().getContent())
                                 .containsExactly("one ", "two ", "three ");
        assertThat(cause).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.reason()).isEqualTo("connection_lost");
            assertThat(e.retryable()).isTrue();
        });
        assertThat(attempt.httpStatus()).as("the answer had started").isEqualTo(200);

        assertThat(failure(simulator.complete(TEN_WORDS, Attempt.unlimited())).reason())
                .as("a unary answer cut short fails whole").isEqualTo("connection_lost");
    }

    @Test
    void aStreamBrokenAfterNoPiecesFailsBeforeItsFirst() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, null, null, new SimulatorFaults.FailAfterPieces(1.0, 0), null, null));
        final Reader reader = new Reader(Long.MAX_VALUE);
        simulator.stream(TEN_WORDS, Attempt.unlimited()).subscribe(reader);
        assertThat(reader.ended.get(10, TimeUnit.SECONDS)).isInstanceOf(ProviderException.class);
        assertThat(reader.pieces).isEmpty();
    }

    @Test
    void aStreamShorterThanItsBreakingPointBreaksAfterItsLastPiece() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, null, null, new SimulatorFaults.FailAfterPieces(1.0, 1_000), null, null));
        final Reader reader = new Reader(Long.MAX_VALUE);
        simulator.stream(TEN_WORDS, Attempt.unlimited()).subscribe(reader);
        assertThat(reader.ended.get(10, TimeUnit.SECONDS)).isInstanceOf(ProviderException.class);
        assertThat(reader.pieces).hasSize(12).last().matches(StreamChatCompletionResponse::hasUsage);
    }

    @Test
    void aStalledCallWaitsOnATimerThatCancellingFrees() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, null, new SimulatorFaults.Stalls(1.0, STALL), null, null, null));
        final Attempt attempt = Attempt.unlimited();
        final CompletableFuture<?> answer = simulator.complete(TEN_WORDS, attempt);

        assertThat(answer).isNotDone();
        assertThat(pendingDelay()).as("the answer waits for the stall").isGreaterThan(STALL.minusSeconds(1));
        answer.cancel(true);
        assertThat(timers.getQueue()).as("cancelling the call cancels its timer").isEmpty();
        assertThat(attempt.httpStatus()).as("nothing was answered").isZero();
    }

    @Test
    void aStalledStreamSendsNothingAndItsCancellationFreesTheTimer() throws Exception {
        final SimulatorProvider simulator = simulator(0, new SimulatorFaults(
                null, null, new SimulatorFaults.Stalls(1.0, STALL), null, null, null));
        final StreamMessage<StreamChatCompletionResponse> stream = simulator.stream(TEN_WORDS, Attempt.unlimited());
        final Reader reader = new Reader(1);
        stream.subscribe(reader);

        assertThat(pendingDelay()).as("the first piece waits for the stall").isGreaterThan(STALL.minusSeconds(1));
        final ScheduledFuture<?> stall = (ScheduledFuture<?>) timers.getQueue().peek();
        reader.subscription.get(10, TimeUnit.SECONDS).cancel();
        await(stall::isCancelled, "the stall's timer is cancelled");
        assertThat(timers.getQueue()).isEmpty();
        assertThat(reader.pieces).isEmpty();
    }

    @Test
    void aStreamCancelledBetweenPiecesCancelsItsPacingTimer() throws Exception {
        final SimulatorProvider simulator = simulator(1, SimulatorFaults.NONE); // one piece a second
        final Reader reader = new Reader(1);
        simulator.stream(TEN_WORDS, Attempt.unlimited()).subscribe(reader);

        await(() -> reader.pieces.size() == 1 && timers.getQueue().size() == 1, "the second piece is scheduled");
        final ScheduledFuture<?> pacing = (ScheduledFuture<?>) timers.getQueue().peek();
        reader.subscription.get(10, TimeUnit.SECONDS).cancel();
        await(pacing::isDone, "the pacing timer is done");
        assertThat(pacing.isCancelled()).as("cancelled, not run out").isTrue();
        assertThat(reader.pieces).hasSize(1);
    }

    private SimulatorProvider simulator(int chunksPerSecond, SimulatorFaults faults) {
        return new SimulatorProvider("flaky", new SimulatorSettings(Duration.ZERO, chunksPerSecond, faults),
                                     Runnable::run, () -> timers, new SplittableRandom(1));
    }

    /** Returns how long the one pending timer has left to wait. */
    private Duration pendingDelay() {
        assertThat(timers.getQueue()).hasSize(1);
        final ScheduledFuture<?> pending = (ScheduledFuture<?>) timers.getQueue().peek();
        return Duration.ofMillis(pending.getDelay(TimeUnit.MILLISECONDS));
    }

    private static ProviderException failure(CompletableFuture<?> future) throws Exception {
        final Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Reads a stream, asking for {@code demand} pieces; {@link #ended} holds its error, or null at its end. */
    private static final class Reader implements Subscriber<StreamChatCompletionResponse> {
        final List<StreamChatCompletionResponse> pieces = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        final CompletableFuture<Subscription> subscription = new CompletableFuture<>();
        private final long demand;

        Reader(long demand) {
            this.demand = demand;
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription.complete(s);
            s.request(demand);
        }

        @Override
        public void onNext(StreamChatCompletionResponse piece) {
            pieces.add(piece);
        }

        @Override
        public void onError(Throwable t) {
            ended.complete(t);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }
}
