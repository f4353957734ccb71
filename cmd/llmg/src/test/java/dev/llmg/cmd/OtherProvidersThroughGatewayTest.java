package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;


import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.client.LlmgClient;

/**
 * An Anthropic model, an Azure OpenAI model, a Gemini model and a Bedrock model (signed with SigV4), served by
 * recorded answers on loopback, answer through the gateway's gRPC API and its OpenAI-compatible API (called
 * with the official OpenAI SDK) just as an OpenAI model does: text, tool calls with their full arguments
 * (streamed too), finish reasons, usage, and Azure's filter results.
 */
class OtherProvidersThroughGatewayTest {

    @RegisterExtension
    @Order(1)
    static final RecordedUpstream upstream = new RecordedUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(upstream::gatewayConfig);

    private static OpenAIClient sdk;

    @BeforeAll
    static void connect() {
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test").build();
    }

    @AfterAll
    static void close() {
        sdk.close();
    }

    @Test
    void claudeOverGrpc() {
        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("claude", "Weather in Florence?"));

        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("I'll check the weather in Florence, Italy for you.");
        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getArguments())
                .isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(394);
        assertThat(response.getGateway().getProvider()).isEqualTo("anthropic");
        assertThat(response.getGateway().getProviderRequestId()).isEqualTo("req_anthropic");
    }

    @Test
    void claudeStreamsToolCallArgumentsOverGrpc() {
        final List<StreamChatCompletionResponse> pieces =
                collect(LlmgClient.connect(gateway.httpUri()).stream(TestGateway.ask("claude", "Weather?")));
        final StringBuilder arguments = new StringBuilder();
        String name = "";
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        for (StreamChatCompletionResponse piece : pieces) {
            for (ChoiceDelta choice : piece.getChoicesList()) {
                for (ToolCallDelta call : choice.getDelta().getToolCallsList()) {
                    name += call.getName();
                    arguments.append(call.getArguments());
                }
                if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                    finish = choice.getFinishReason();
                }
            }
        }
        assertThat(name).isEqualTo("weather");
        assertThat(arguments).hasToString("{\"location\": \"Florence,Italy\"}");
        assertThat(finish).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(pieces.get(pieces.size() - 1).getUsage().getOutputTokens()).isEqualTo(67);
    }

    @Test
    void claudeOverTheOpenAiApi() {
        final ChatCompletion completion = sdk.chat().completions().create(ask("claude"));

        final ChatCompletionMessageFunctionToolCall call =
                completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("toolu_01XLb9pzgfLa2EMyqWot6Ezt");
        assertThat(call.function().name()).isEqualTo("weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Florence,Italy\"}");
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(394);
    }

    @Test
    void claudeStreamsOverTheOpenAiApi() {
        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask("claude"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        final ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().get(0).message().content())
                .contains("I'll get the weather information for Florence, Italy for you.");
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function()
                             .arguments()).isEqualTo("{\"location\": \"Florence,Italy\"}");
    }

    @Test
    void geminiOverGrpc() {
        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("gemini-flash", "Weather in Berlin?"));

        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getName()).isEqualTo("weather");
        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getArguments())
                .isEqualTo("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(103);
        assertThat(response.getGateway().getProvider()).isEqualTo("gemini");
    }

    @Test
    void geminisThoughtSignatureReachesOpenAiClientsWhereGoogleWritesIt() {
        final ChatCompletion completion = sdk.chat().completions().create(ask("gemini-flash"));
        final ChatCompletionMessageFunctionToolCall call =
                completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call._additionalProperties().get("extra_content").toString())
                .contains("thought_signature").contains("CsIEARFNMg8g");
    }

    @Test
    void geminiStreamsOverTheOpenAiApi() {
        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream =
                     sdk.chat().completions().createStreaming(ask("gemini-flash"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        final ChatCompletion completion = accumulator.chatCompletion();
        final ChatCompletionMessageFunctionToolCall call =
                completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("call_0");
        assertThat(call.function().name()).isEqualTo("weather");
        assertThat(call.function().arguments()).isEqualTo("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(completion.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void bedrockOverGrpc() {
        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("nova", "Weather in Berlin?"));

        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getId())
                .isEqualTo("tooluse_LgMMvpk0bGGJIMB3zYgYmg");
        assertThat(response.getChoices(0).getMessage().getToolCalls(0).getArguments())
                .isEqualTo("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(response.getUsage().getInputTokens()).isEqualTo(986);
        assertThat(response.getGateway().getProvider()).isEqualTo("bedrock");
        assertThat(response.getGateway().getProviderRequestId()).isEqualTo("req-bedrock");
    }

    @Test
    void bedrockStreamsToolCallArgumentsOverGrpc() {
        final List<StreamChatCompletionResponse> pieces =
                collect(LlmgClient.connect(gateway.httpUri()).stream(TestGateway.ask("nova", "Weather?")));
        final StringBuilder arguments = new StringBuilder();
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        for (StreamChatCompletionResponse piece : pieces) {
            for (ChoiceDelta choice : piece.getChoicesList()) {
                choice.getDelta().getToolCallsList().forEach(call -> arguments.append(call.getArguments()));
                if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                    finish = choice.getFinishReason();
                }
            }
        }
        assertThat(arguments).hasToString("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(finish).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(pieces.get(pieces.size() - 1).getUsage().getOutputTokens()).isEqualTo(42);
    }

    @Test
    void bedrockOverTheOpenAiApiStreamingToo() {
        final ChatCompletion completion = sdk.chat().completions().create(ask("nova"));
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction().function()
                             .arguments()).isEqualTo("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(986);

        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask("nova"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        final ChatCompletion streamed = accumulator.chatCompletion();
        final ChatCompletionMessageFunctionToolCall call =
                streamed.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).isEqualTo("tooluse_LgMMvpk0bGGJIMB3zYgYmg");
        assertThat(call.function().name()).isEqualTo("weather");
        assertThat(call.function().arguments()).isEqualTo("{\"latitude\":\"52.5200\",\"longitude\":\"13.4050\"}");
        assertThat(streamed.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    }

    @Test
    void azureOverGrpcKeepsFilterResults() {
        final CreateChatCompletionResponse response =
                LlmgClient.connect(gateway.httpUri()).complete(TestGateway.ask("azure-mini", "Say hi in Portuguese"));

        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Olá!");
        assertThat(response.getUsage().getReasoningTokens()).isEqualTo(64);
        assertThat(response.getGateway().getProvider()).isEqualTo("azure");
        assertThat(response.getProviderMetadata().getFieldsMap()).containsKeys("prompt_filter_results", "choices");
    }

    @Test
    void azureOverTheOpenAiApiStreamingToo() {
        assertThat(sdk.chat().completions().create(ask("azure-mini")).choices().get(0).message().content())
                .contains("Olá!");
        final ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream =
                     sdk.chat().completions().createStreaming(ask("azure-mini"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.chatCompletion().choices().get(0).message().content()).contains("Oi!");
    }

    @Test
    void azureFilterResultsReachOpenAiClientsWhereAzurePutsThem() throws Exception {
        final JsonNode answer = new ObjectMapper().readTree(OpenAiWireTestSupport.post(gateway, "/v1/chat/completions",
                "{\"model\":\"azure-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").contentUtf8());

        assertThat(answer.at("/prompt_filter_results/0/content_filter_results/jailbreak/filtered").asBoolean(true))
                .isFalse();
        assertThat(answer.at("/choices/0/content_filter_results/hate/severity").asText()).isEqualTo("safe");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Olá!");
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Florence?").build();
    }

    private static List<StreamChatCompletionResponse> collect(Iterator<StreamChatCompletionResponse> stream) {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        stream.forEachRemaining(pieces::add);
        return pieces;
    }
}
