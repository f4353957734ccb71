package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.stream.StreamMessage;

import io.netty.channel.EventLoop;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.spi.GatewayException;

class SimulatorProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"city\",\"unit\",\"days\"]}";

    private final SimulatorProvider simulator = new SimulatorProvider(new SimulatorSettings(Duration.ZERO, 0));

    @Test
    void echoesTheLastUserMessage() {
        final CreateChatCompletionResponse answer = simulator.complete(ask("first").toBuilder().addMessages(
                user("second")).build(), Attempt.unlimited()).join();
        assertThat(answer.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("second");
        assertThat(answer.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.getUsage().getTotalTokens())
                .isEqualTo(answer.getUsage().getInputTokens() + answer.getUsage().getOutputTokens());
    }

    @Test
    void callsTheOfferedToolWithArgumentsThatFitItsSchema() throws Exception {
        final ChatRequest request = ask("Paris").toBuilder()
                .addTools(Tool.newBuilder().setName("get_weather").setParameters(struct(WEATHER_SCHEMA))).build();
        final CreateChatCompletionResponse answer = simulator.complete(request, Attempt.unlimited()).join();
        assertThat(answer.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        final JsonNode arguments = JSON.readTree(answer.getChoices(0).getMessage().getToolCalls(0).getArguments());
        assertThat(arguments.get("city").asText()).isEqualTo("Paris");
        assertThat(arguments.get("unit").asText()).isEqualTo("celsius");
        assertThat(arguments.get("days").asInt()).isEqualTo(1);
    }

    @Test
    void answersJsonThatFitsTheRequestedSchema() throws Exception {
        final ChatRequest request = ask("hi").toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("weather").setSchema(struct(WEATHER_SCHEMA)))).build();
        final JsonNode content = JSON.readTree(simulator.complete(request, Attempt.unlimited()).join().getChoices(0).getMessage()
                                                        .getContent(0).getText());
        assertThat(content.has("city") && content.has("unit") && content.has("days")).isTrue();
    }

    @Test
    void stopsAtMaxTokensWithLength() {
        final CreateChatCompletionResponse answer = simulator.complete(
                ask("a rather long sentence that needs more than two tokens").toBuilder().setMaxTokens(2).build(), Attempt.unlimited()).join();
        assertThat(answer.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(answer.getChoices(0).getMessage().getContent(0).getText()).hasSize(8);
    }

    @Test
    void streamsToolCallsAsAFirstFragmentWithIdThenArguments() throws Exception {
        final ChatRequest request = ask("Paris").toBuilder()
                .addTools(Tool.newBuilder().setName("get_weather").setParameters(struct(WEATHER_SCHEMA))).build();
        final List<StreamChatCompletionResponse> pieces = simulator.stream(request, Attempt.unlimited()).collect().join();
        final StringBuilder arguments = new StringBuilder();
        String name = null;
        for (StreamChatCompletionResponse piece : pieces) {
            for (var choice : piece.getChoicesList()) {
                for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                    name = call.getName().isEmpty() ? name : call.getName();
                    arguments.append(call.getArguments());
                }
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo(simulator.complete(request, Attempt.unlimited()).join().getChoices(0).getMessage()
                                                            .getToolCalls(0).getArguments());
        assertThat(pieces.get(pieces.size() - 1).hasUsage()).isTrue();
    }

    @Test
    void producesOnlyWhatTheReaderAsksForAndStopsWhenItCancels() throws Exception {
        final StreamMessage<StreamChatCompletionResponse> stream = simulator.stream(ask("one two three four five six"), Attempt.unlimited());
        final CompletableFuture<StreamChatCompletionResponse> first = new CompletableFuture<>();
        stream.subscribe(new Subscriber<>() {
            private Subscription subscription;
            @Override public void onSubscribe(Subscription s) { subscription = s; s.request(1); }
            @Override public void onNext(StreamChatCompletionResponse piece) {
                first.complete(piece);
                subscription.cancel(); // the caller went away after one piece
            }
            @Override public void onError(Throwable t) {}
            @Override public void onComplete() {}
        });
        assertThat(first.get(10, TimeUnit.SECONDS).getChoices(0).getDelta().getContent()).isEqualTo("one ");
        stream.whenComplete().handle((ignored, cause) -> null).get(10, TimeUnit.SECONDS);
        assertThat(stream.isOpen()).as("cancelling closes the simulator's stream").isFalse();
    }

    @Test
    void makesAnswersOnItsOwnExecutorNeverOnTheCallersEventLoop() throws Exception {
        final List<String> makers = new CopyOnWriteArrayList<>();
        final Executor maker = task -> new Thread(() -> {
            makers.add(Thread.currentThread().getName());
            task.run();
        }, "simulator-maker-test").start();
        final Executor held = new HeldExecutor(maker);
        final SimulatorProvider simulator = new SimulatorProvider(new SimulatorSettings(Duration.ZERO, 0), held);
        final ChatRequest request = ask("hi").toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("weather").setSchema(struct(WEATHER_SCHEMA)))).build();
        final EventLoop loop = CommonPools.workerGroup().next();

        final CompletableFuture<CreateChatCompletionResponse> answer = loop.submit(() -> simulator.complete(request, Attempt.unlimited()))
                                                                           .get(10, TimeUnit.SECONDS);
        final StreamMessage<StreamChatCompletionResponse> stream = loop.submit(() -> simulator.stream(request, Attempt.unlimited()))
                                                                       .get(10, TimeUnit.SECONDS);
        final CompletableFuture<CreateEmbeddingsResponse> vectors = loop.submit(() -> simulator.embed(
                CreateEmbeddingsRequest.newBuilder().setModel("sim").addInputs("x").build(), Attempt.unlimited()))
                                                                        .get(10, TimeUnit.SECONDS);
        assertThat(answer).as("nothing was made on the event loop").isNotDone();
        assertThat(vectors).isNotDone();

        ((HeldExecutor) held).release();
        final JsonNode content = JSON.readTree(answer.get(10, TimeUnit.SECONDS).getChoices(0).getMessage()
                                                     .getContent(0).getText());
        assertThat(content.get("unit").asText()).isEqualTo("celsius");
        assertThat(stream.collect().get(10, TimeUnit.SECONDS)).isNotEmpty();
        assertThat(vectors.get(10, TimeUnit.SECONDS).getEmbeddingsCount()).isEqualTo(1);
        assertThat(makers).containsOnly("simulator-maker-test").hasSize(3);
    }

    @Test
    void answersASchemaItCannotWriteWithInvalidArgumentNotAnEndlessLoop() throws Exception {
        final Struct bomb = struct("{\"type\":\"array\",\"minItems\":2000,\"items\":{\"type\":\"array\","
                                   + "\"minItems\":2000,\"items\":{\"type\":\"array\",\"minItems\":2000}}}");
        final ChatRequest asked = ask("hi").toBuilder().setResponseFormat(ResponseFormat.newBuilder()
                .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                .setJsonSchema(JsonSchema.newBuilder().setName("bomb").setSchema(bomb))).build();
        final ChatRequest tool = ask("hi").toBuilder().addTools(Tool.newBuilder().setName("f").setParameters(bomb)).build();

        assertThat(failure(simulator.complete(asked, Attempt.unlimited()))).isEqualTo("response_format.json_schema.schema");
        assertThat(failure(simulator.complete(tool, Attempt.unlimited()))).isEqualTo("tools[0].parameters");
        assertThat(failure(simulator.stream(tool, Attempt.unlimited()).collect())).isEqualTo("tools[0].parameters");
    }

    private static String failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GatewayException.class);
            return ((GatewayException) e.getCause()).field();
        }
        throw new AssertionError("the simulator answered a schema it cannot write");
    }

    /** Holds the tasks it is given until released, then hands them on. */
    private static final class HeldExecutor implements Executor {
        private final Executor next;
        private final List<Runnable> held = new ArrayList<>();
        private boolean released;

        HeldExecutor(Executor next) {
            this.next = next;
        }

        @Override
        public synchronized void execute(Runnable task) {
            if (released) {
                next.execute(task);
            } else {
                held.add(task);
            }
        }

        synchronized void release() {
            released = true;
            held.forEach(next::execute);
        }
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.newBuilder().setModel("sim").addMessages(user(text)).build();
    }

    private static Message user(String text) {
        return Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(text)).build();
    }

    private static Struct struct(String json) throws Exception {
        final Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }
}
