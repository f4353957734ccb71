package dev.llmg.internal.providers.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;

import io.netty.channel.EventLoop;

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

/**
 * Answers chat requests offline, deterministically, at a configurable latency and streaming pace, and makes
 * deterministic embeddings ({@link SimulatedEmbeddings}).
 *
 * <p>It is for demos, tests and benchmarks, never for production answers: it lets llmg run out of the box
 * with no key, and gives benchmarks an upstream whose timing is known. Timers run on Armeria's event
 * loops, so no thread waits while it "thinks"; answers are made on another executor (see {@link #maker}).
 */
final class SimulatorProvider implements ChatProvider, EmbeddingProvider {

    private final SimulatorSettings settings;
    /**
     * Where answers are made, never an event loop: an answer to a schema may take up to
     * {@link SchemaExample#MAX_LENGTH} characters of JSON, and embeddings thousands of vectors, which takes
     * milliseconds that an event loop owes to every other call it serves (and its health checks).
     */
    private final Executor maker;

    SimulatorProvider(SimulatorSettings settings) {
        this(settings, CommonPools.blockingTaskExecutor());
    }

    SimulatorProvider(SimulatorSettings settings, Executor maker) {
        this.settings = requireNonNull(settings, "settings");
        this.maker = requireNonNull(maker, "maker");
    }

    @Override
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest request, Attempt attempt) {
        return made(() -> completion(request));
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
        final StreamChatCompletionResponse header =
                StreamChatCompletionResponse.newBuilder().setId(newId()).setModel(request.getModel())
                                            .setCreated(nowSeconds()).build();
        final StreamWriter<StreamChatCompletionResponse> writer = StreamMessage.streaming();
        made(() -> SimulatedPieces.of(SimulatedAnswer.to(request), header)).handle((pieces, cause) -> {
            if (cause != null) {
                writer.abort(cause);
            } else {
                new PacedWriter(writer, pieces, CommonPools.workerGroup().next(), settings.interval())
                        .start(Duration.ZERO); // made() waited for the latency
            }
            return null;
        });
        return writer;
    }

    @Override
    public CompletableFuture<CreateEmbeddingsResponse> embed(CreateEmbeddingsRequest request, Attempt attempt) {
        return made(() -> SimulatedEmbeddings.of(request));
    }

    /**
     * Makes a value on {@link #maker} and completes the returned future with it on an event loop, once the
     * configured latency (counted from now) has passed; failures, GatewayExceptions included, come back in it.
     */
    private <T> CompletableFuture<T> made(Supplier<T> work) {
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
                final long left = Math.max(0, settings.latency().toNanos() - (System.nanoTime() - start));
                final ScheduledFuture<?> timer = CommonPools.workerGroup().next().schedule(
                        () -> future.complete(value), left, TimeUnit.NANOSECONDS);
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
     * reader goes away.
     */
    private static final class PacedWriter {
        private final StreamWriter<StreamChatCompletionResponse> writer;
        private final List<StreamChatCompletionResponse> pieces;
        private final EventLoop eventLoop;
        private final Duration interval;
        private int next;

        PacedWriter(StreamWriter<StreamChatCompletionResponse> writer, List<StreamChatCompletionResponse> pieces,
                    EventLoop eventLoop, Duration interval) {
            this.writer = writer;
            this.pieces = pieces;
            this.eventLoop = eventLoop;
            this.interval = interval;
        }

        void start(Duration latency) {
            schedule(latency);
        }

        private void schedule(Duration delay) {
            if (delay.isZero()) {
                eventLoop.execute(this::writeNext);
            } else {
                eventLoop.schedule(this::writeNext, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void writeNext() {
            if (!writer.isOpen()) {
                return; // the caller cancelled: stop producing
            }
            if (next == pieces.size()) {
                writer.close();
                return;
            }
            if (!writer.tryWrite(pieces.get(next++))) {
                return;
            }
            writer.whenConsumed().thenRun(() -> schedule(interval));
        }
    }
}
