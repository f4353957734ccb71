package dev.llmg.internal.providers.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.GatewayException;

/**
 * Answers chat requests offline, deterministically, at a configurable latency and streaming pace, and makes
 * deterministic embeddings ({@link SimulatedEmbeddings}); on demand it also fails like a real provider
 * ({@link SimulatorFaults}: 429s, 5xx, stalls, broken streams, jittery latency), drawn at random per request.
 *
 * <p>It is for demos, tests and benchmarks, never for production answers: it lets llmg run out of the box
 * with no key, and gives benchmarks an upstream whose timing is known. Timers run on Armeria's event
 * loops, so no thread waits while it "thinks" or stalls, and a cancelled call cancels its timers; answers
 * are made on another executor (see {@link #maker}). Like an HTTP provider it reports the status of its
 * response on the {@link Attempt}: 200, or the status of a refusal.
 */
final class SimulatorProvider implements ChatProvider, EmbeddingProvider {

    private final SimulatorSettings settings;
    private final FaultDice dice;
    /**
     * Where answers are made, never an event loop: an answer to a schema may take up to
     * {@link SchemaExample#MAX_LENGTH} characters of JSON, and embeddings thousands of vectors, which takes
     * milliseconds that an event loop owes to every other call it serves (and its health checks).
     */
    private final Executor maker;
    /** Where the waits run: one event loop per request, by default. */
    private final Supplier<? extends ScheduledExecutorService> timers;

    SimulatorProvider(SimulatorSettings settings) {
        this("simulator", settings);
    }

    SimulatorProvider(SimulatorSettings settings, Executor maker) {
        this("simulator", settings, maker, () -> CommonPools.workerGroup().next(), defaultRandom(settings));
    }

    /** Creates the simulator configured as {@code providers.<name>}. */
    SimulatorProvider(String name, SimulatorSettings settings) {
        this(name, settings, CommonPools.blockingTaskExecutor(), () -> CommonPools.workerGroup().next(),
             defaultRandom(settings));
    }

    SimulatorProvider(String name, SimulatorSettings settings, Executor maker,
                      Supplier<? extends ScheduledExecutorService> timers, RandomGenerator random) {
        this.settings = requireNonNull(settings, "settings");
        this.maker = requireNonNull(maker, "maker");
        this.timers = requireNonNull(timers, "timers");
        dice = new FaultDice(name, settings.latency(), settings.faults(), random);
    }

    private static RandomGenerator defaultRandom(SimulatorSettings settings) {
        final Long seed = settings.faults().seed();
        return seed == null ? RandomGenerator.getDefault() : new SplittableRandom(seed);
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        return answered(dice.roll(), attempt, () -> completion(request));
    }

    private CreateChatCompletionResponse completion(ChatRequest request) {
        final SimulatedAnswer answer = SimulatedAnswer.to(request);
        final Message.Builder message = Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                               .addAllToolCalls(answer.toolCalls());
        if (!answer.text().isEmpty()) {
            message.addContent(ContentPart.newBuilder().setText(answer.text()));
        }
        final int alternatives = request.hasN() ? Math.max(1, request.getN()) : 1;
        final CreateChatCompletionResponse.Builder response =
                CreateChatCompletionResponse.newBuilder().setId(newId()).setModel(request.getModel())
                                            .setCreated(nowSeconds()).setUsage(answer.usage());
        for (int index = 0; index < alternatives; index++) {
            response.addChoices(Choice.newBuilder().setIndex(index).setMessage(message)
                                      .setFinishReason(answer.finishReason()));
        }
        return response.build();
    }

    @Override
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest request, Attempt attempt) {
        final SimulatedFault fault = dice.roll();
        final StreamWriter<StreamChatCompletionResponse> writer = StreamMessage.streaming();
        if (fault.refused()) {
            final ScheduledFuture<?> timer = timers.get().schedule(() -> {
                attempt.reportResponse(fault.status(), "");
                writer.close(fault.failure());
            }, fault.delay().toNanos(), TimeUnit.NANOSECONDS);
            writer.whenComplete().handle((ignored, cause) -> timer.cancel(false)); // the caller went away
            return writer;
        }
        final StreamChatCompletionResponse header =
                StreamChatCompletionResponse.newBuilder().setId(newId()).setModel(request.getModel())
                                            .setCreated(nowSeconds()).build();
        final CompletableFuture<List<StreamChatCompletionResponse>> made =
                made(() -> SimulatedPieces.of(SimulatedAnswer.to(request), header), fault.delay(), attempt);
        // A caller that goes away during the latency (or a stall) cancels its timer, and the answer if not made yet.
        writer.whenComplete().handle((ignored, cause) -> made.cancel(false));
        made.handle((pieces, cause) -> {
            if (cause != null) {
                writer.abort(cause); // nothing to do if the caller cancelled: the writer is closed already
            } else {
                new PacedWriter(writer, pieces, timers.get(), settings.interval(), fault).start();
            }
            return null;
        });
        return writer;
    }

    @Override
    public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
        return answered(dice.roll(), attempt, () -> SimulatedEmbeddings.of(request));
    }

    /**
     * Returns the value {@code work} makes, after the fault's delay, or the fault's failure (a unary answer
     * cut short fails whole, as no part of it can be used).
     */
    private <T> CompletableFuture<T> answered(SimulatedFault fault, Attempt attempt, Supplier<T> work) {
        if (fault.failure() == null) {
            return made(work, fault.delay(), attempt);
        }
        final CompletableFuture<T> future = new CompletableFuture<>();
        final ScheduledFuture<?> timer = timers.get().schedule(() -> {
            attempt.reportResponse(fault.status(), "");
            future.completeExceptionally(fault.failure());
        }, fault.delay().toNanos(), TimeUnit.NANOSECONDS);
        future.whenComplete((ignored, cause) -> timer.cancel(false)); // a cancelled call frees its timer
        return future;
    }

    /**
     * Makes a value on {@link #maker} and completes the returned future with it on an event loop, once
     * {@code delay} (counted from now) has passed, reporting status 200 on the attempt; failures,
     * GatewayExceptions included, come back in it. Cancelling the future cancels the wait.
     */
    private <T> CompletableFuture<T> made(Supplier<T> work, Duration delay, Attempt attempt) {
        final long start = System.nanoTime();
        final CompletableFuture<T> future = new CompletableFuture<>();
        try {
            maker.execute(() -> {
                if (future.isDone()) {
                    return; // cancelled while waiting for a thread
                }
                final T value;
                try {
                    value = work.get();
                } catch (Throwable e) { // a caller waits on this future: it must end, whatever happened
                    future.completeExceptionally(e);
                    return;
                }
                final long left = Math.max(0, delay.toNanos() - (System.nanoTime() - start));
                final ScheduledFuture<?> timer = timers.get().schedule(() -> {
                    attempt.reportResponse(200, "");
                    future.complete(value);
                }, left, TimeUnit.NANOSECONDS);
                future.whenComplete((ignored, cause) -> timer.cancel(false)); // a cancelled call frees its timer
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    private static String newId() {
        return "chatcmpl-sim-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * Writes pieces one at a time, each only after the previous one was consumed (so a slow reader slows
     * the simulator instead of filling a buffer) and after the configured interval; stops when the
     * reader goes away, and breaks off with the fault's failure after its number of pieces.
     */
    private static final class PacedWriter {
        private final StreamWriter<StreamChatCompletionResponse> writer;
        private final List<StreamChatCompletionResponse> pieces;
        private final ScheduledExecutorService timer;
        private final Duration interval;
        private final GatewayException failure;
        private final int end;
        private int next;
        private volatile ScheduledFuture<?> pending;

        PacedWriter(StreamWriter<StreamChatCompletionResponse> writer, List<StreamChatCompletionResponse> pieces,
                    ScheduledExecutorService timer, Duration interval, SimulatedFault fault) {
            this.writer = writer;
            this.pieces = pieces;
            this.timer = timer;
            this.interval = interval;
            failure = fault.failure();
            end = failure == null ? pieces.size() : Math.min(fault.piecesBeforeFailure(), pieces.size());
        }

        /** Writes the first piece now: the latency has passed already. */
        void start() {
            writer.whenComplete().handle((ignored, cause) -> { // the reader went away: no more timers
                final ScheduledFuture<?> waiting = pending;
                return waiting == null || waiting.cancel(false);
            });
            timer.execute(this::writeNext);
        }

        private void schedule(Duration delay) {
            if (delay.isZero()) {
                timer.execute(this::writeNext);
            } else {
                pending = timer.schedule(this::writeNext, delay.toNanos(), TimeUnit.NANOSECONDS);
                if (!writer.isOpen()) {
                    pending.cancel(false); // closed while scheduling: the callback above may have missed it
                }
            }
        }

        private void writeNext() {
            if (!writer.isOpen()) {
                return; // the caller cancelled: stop producing
            }
            if (next == end) {
                if (failure == null) {
                    writer.close();
                } else {
                    writer.close(failure); // the connection broke: pieces written so far are still delivered
                }
                return;
            }
            if (!writer.tryWrite(pieces.get(next++))) {
                return;
            }
            writer.whenConsumed().thenRun(() -> schedule(interval));
        }
    }
}
