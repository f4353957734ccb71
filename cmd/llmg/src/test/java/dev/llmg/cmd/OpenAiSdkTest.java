package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;

/**
 * The official OpenAI Java SDK, configured with nothing but the gateway's base URL and a key, against the real
 * gateway with the simulator: every call it makes must work as against OpenAI.
 */
class OpenAiSdkTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY + String.join("\n",
            "  - name: acme/sim:v1", // an id with a slash and a colon, as fine-tuned and hub models have
            "    provider: simulator",
            "    provider_model: sim-echo",
            ""));

    private static OpenAIClient client;

    @BeforeAll
    static void connect() {
        client = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test").build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    /** The arguments of the tool the tests offer; the SDK derives its JSON Schema from this class. */
    static class GetWeather {
        @JsonPropertyDescription("The city to get the weather of")
        public String city;
    }

    /** The shape of a structured answer; the SDK derives the response format's schema from this class. */
    static class Answer {
        public String text;
        public int confidence;
        public List<String> tags;
    }

    @Test
    void createsACompletion() {
        final ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim-echo").addDeveloperMessage("Be terse.").addUserMessage("Hello, SDK").build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).contains("Hello, SDK");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
        assertThat(completion.model()).isEqualTo("sim-echo");
        final Map<String, JsonValue> llmg = llmgOf(completion._additionalProperties());
        assertThat(llmg.get("provider").asStringOrThrow()).isEqualTo("simulator");
    }

    @Test
    void streamsACompletionThatAccumulatesToTheWholeAnswer() {
        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        int chunks = 0;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("one two three four")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                accumulator.accumulate(chunk);
                chunks++;
            }
        }
        final ChatCompletion completion = accumulator.chatCompletion();
        assertThat(chunks).as("a chunk per word, the finish and the usage").isGreaterThanOrEqualTo(6);
        assertThat(completion.choices().get(0).message().content()).contains("one two three four");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().completionTokens()).isPositive();
    }

    @Test
    void callsAToolWithArgumentsThatParse() {
        final ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("sim-echo").addUserMessage("Paris").addTool(GetWeather.class).build());
        final ChatCompletionMessageFunctionToolCall call =
                completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("GetWeather");
        assertThat(call.function().arguments(GetWeather.class).city).isEqualTo("Paris");
        assertThat(call.id()).isNotEmpty();
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void streamsAToolCallWhoseFragmentsAccumulate() {
        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("a rather long city name")
                                          .addTool(GetWeather.class).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        final ChatCompletionMessageFunctionToolCall call =
                accumulator.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.function().arguments(GetWeather.class).city).isEqualTo("a rather long city name");
    }

    @Test
    void answersInTheRequestedJsonSchema() {
        final StructuredChatCompletion<Answer> completion = client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("sim-echo").addUserMessage("structured, please")
                                          .responseFormat(Answer.class).build());
        final Answer answer = completion.choices().get(0).message().content().orElseThrow();
        // The simulator puts the prompt in the first string property of the schema, whichever that is.
        assertThat(answer.tags).isNotEmpty();
        assertThat(answer.text + answer.tags).contains("structured, please");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void listsAndRetrievesModels() {
        assertThat(client.models().list().data()).extracting(Model::id).containsExactly("acme/sim:v1", "sim-echo");
        final Model model = client.models().retrieve("acme/sim:v1");
        assertThat(model.id()).isEqualTo("acme/sim:v1");
        assertThat(model.ownedBy()).isEqualTo("simulator");
        assertThat(client.models().retrieve("sim-echo").ownedBy()).isEqualTo("simulator");
    }

    @Test
    void createsDeterministicUnitEmbeddingsInEitherEncoding() {
        final EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("sim-echo")
                .inputOfArrayOfStrings(List.of("first text", "second text")).dimensions(16);
        final CreateEmbeddingResponse sdkDefault = client.embeddings().create(params.build());
        final CreateEmbeddingResponse floats = client.embeddings().create(
                params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        assertThat(sdkDefault.data()).hasSize(2);
        assertThat(sdkDefault.data().get(1).index()).isEqualTo(1);
        for (Embedding embedding : sdkDefault.data()) {
            assertThat(embedding.embedding()).hasSize(16);
            final double norm = Math.sqrt(embedding.embedding().stream().mapToDouble(v -> v * v).sum());
            assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(floats.data().get(0).embedding()).isEqualTo(sdkDefault.data().get(0).embedding());
        assertThat(sdkDefault.data().get(0).embedding()).isNotEqualTo(sdkDefault.data().get(1).embedding());
        assertThat(sdkDefault.usage().promptTokens()).isPositive();
    }

    @Test
    void anUnknownModelIsTheSdksNotFoundWithOurMessage() {
        final NotFoundException error = catchThrowableOfType(NotFoundException.class,
                () -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("no-such-model").addUserMessage("hi").build()));
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.getMessage()).contains("model 'no-such-model' is not configured", "sim-echo");
        assertThat(error.code()).contains("model_not_found");
        assertThat(error.param()).contains("model");
        assertThat(catchThrowableOfType(NotFoundException.class, () -> client.models().retrieve("nope")))
                .isNotNull();
    }

    @Test
    void badInputIsTheSdksBadRequestNamingTheParameter() {
        final BadRequestException error = catchThrowableOfType(BadRequestException.class,
                () -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("sim-echo").addUserMessage("hi").temperature(7.0).build()));
        assertThat(error.param()).contains("temperature");
        assertThat(error.type()).contains("invalid_request_error");
        assertThat(error.getMessage()).contains("temperature must be between");
    }

    private static Map<String, JsonValue> llmgOf(Map<String, JsonValue> additional) {
        @SuppressWarnings("unchecked")
        final Map<String, JsonValue> llmg = (Map<String, JsonValue>) additional.get("llmg").asObject().orElseThrow();
        return llmg;
    }
}
