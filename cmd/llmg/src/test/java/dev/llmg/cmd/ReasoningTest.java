package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ReasoningBlock;
import dev.llmg.api.gateway.v1.ReasoningConfig;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.client.LlmgClient;

/**
 * Reasoning asked for through the OpenAI SDK ({@code reasoning_effort}) and the native API (a token budget) reaches
 * Anthropic as {@code thinking} with a budget; the signed thinking (and redacted thinking) comes back, unary and
 * streamed, and goes to Anthropic again unchanged with the tool-use turn it belongs to, which Anthropic requires.
 */
class ReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";
    private static final String REDACTED = "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP";
    private static final String THOUGHT = "The user wants the weather; I should call the tool.";

    @RegisterExtension
    @Order(1)
    static final ThinkingAnthropic anthropic = new ThinkingAnthropic();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  anthropic:",
            "    type: anthropic",
            "    base_url: " + anthropic.httpUri() + "/v1",
            "    api_key: sk-ant-test",
            "models:",
            "  - name: claude",
            "    provider: anthropic",
            "    provider_model: claude-sonnet-4-20250514",
            ""));

    private static OpenAIClient sdk;

    @BeforeAll
    static void connect() {
        sdk = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test").build();
    }

    @AfterAll
    static void close() {
        sdk.close();
    }

    @BeforeEach
    void forget() {
        anthropic.received.clear();
    }

    @Test
    void theOpenAiSdkThinksThroughAToolUseTurnWithItsSignedThinkingSentBack() throws Exception {
        final ChatCompletion first = sdk.chat().completions().create(ask().build());
        final JsonNode asked = anthropic.next();
        assertThat(asked.at("/thinking/type").asText()).isEqualTo("enabled");
        assertThat(asked.at("/thinking/budget_tokens").asInt()).as("medium").isEqualTo(4096);
        assertThat(asked.get("max_tokens").asInt()).isGreaterThan(4096);

        final ChatCompletionMessage message = first.choices().get(0).message();
        assertThat(message._additionalProperties().get("reasoning_content")).isEqualTo(JsonValue.from(THOUGHT));
        final JsonValue blocks = message._additionalProperties().get("thinking_blocks");
        assertThat(JSON.readTree(JSON.writeValueAsString(blocks)).toString()).isEqualTo(
                "[{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"" + REDACTED + "\"}]");

        sdk.chat().completions().create(ask()
                .addMessage(message.toParam().toBuilder().putAdditionalProperty("thinking_blocks", blocks).build())
                .addMessage(ChatCompletionToolMessageParam.builder()
                                    .toolCallId(message.toolCalls().orElseThrow().get(0).asFunction().id())
                                    .content("{\"sky\": \"clear\"}").build())
                .build());
        assertSignedThinkingWentBack(anthropic.next());
    }

    @Test
    void aStreamedAnswerCarriesItsSignedBlockOnceWhole() throws Exception {
        final List<JsonNode> blocks = new ArrayList<>();
        final StringBuilder reasoning = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask().build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                final JsonValue text = choice.delta()._additionalProperties().get("reasoning_content");
                if (text != null) {
                    reasoning.append(text.asString().orElseThrow());
                }
                final JsonValue whole = choice.delta()._additionalProperties().get("thinking_blocks");
                if (whole != null) {
                    try {
                        JSON.readTree(JSON.writeValueAsString(whole)).forEach(blocks::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }));
        }
        assertThat(reasoning).hasToString("I should call the tool.");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).get("thinking").asText()).isEqualTo("I should call the tool.");
        assertThat(blocks.get(0).get("signature").asText()).isEqualTo(SIGNATURE);
    }

    @Test
    void theNativeApiAsksForABudgetAndSendsTheBlocksBackAsItGotThem() throws Exception {
        final LlmgClient client = LlmgClient.connect(gateway.httpUri());
        final ChatRequest first = nativeAsk().build();
        final CreateChatCompletionResponse answer = client.complete(first);
        assertThat(anthropic.next().at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
        final Message assistant = answer.getChoices(0).getMessage();
        assertThat(assistant.getReasoningBlocksList()).containsExactly(
                ReasoningBlock.newBuilder().setText(THOUGHT).setSignature(SIGNATURE).build(),
                ReasoningBlock.newBuilder().setRedacted(REDACTED).build());

        client.complete(first.toBuilder().addMessages(assistant).addMessages(Message.newBuilder()
                .setRole(Role.ROLE_TOOL).setToolCallId(assistant.getToolCalls(0).getId())
                .addContent(ContentPart.newBuilder().setText("{\"sky\": \"clear\"}"))).build());
        assertSignedThinkingWentBack(anthropic.next());

        final List<ReasoningBlock> streamed = new ArrayList<>();
        client.stream(first).forEachRemaining((StreamChatCompletionResponse piece) -> piece.getChoicesList()
                .forEach(choice -> streamed.addAll(choice.getDelta().getReasoningBlocksList())));
        assertThat(streamed).containsExactly(
                ReasoningBlock.newBuilder().setText("I should call the tool.").setSignature(SIGNATURE).build());
    }

    private static void assertSignedThinkingWentBack(JsonNode sent) {
        final JsonNode turn = sent.at("/messages/1");
        assertThat(turn.get("role").asText()).isEqualTo("assistant");
        assertThat(turn.at("/content/0").toString()).as("the thinking first, exactly as signed").isEqualTo(
                "{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"}");
        assertThat(turn.at("/content/1").toString())
                .isEqualTo("{\"type\":\"redacted_thinking\",\"data\":\"" + REDACTED + "\"}");
        assertThat(turn.at("/content/2/type").asText()).isEqualTo("tool_use");
        assertThat(sent.at("/messages/2/content/0/type").asText()).isEqualTo("tool_result");
    }

    private static ChatCompletionCreateParams.Builder ask() {
        return ChatCompletionCreateParams.builder().model("claude").reasoningEffort(ReasoningEffort.MEDIUM)
                .addTool(ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder().function(
                        FunctionDefinition.builder().name("weather").build()).build()))
                .addUserMessage("Weather in Florence?");
    }

    private static ChatRequest.Builder nativeAsk() {
        return TestGateway.ask("claude", "Weather in Florence?").toBuilder()
                .setReasoning(ReasoningConfig.newBuilder().setBudgetTokens(2048))
                .addTools(Tool.newBuilder().setName("weather"));
    }

    /** Plays Anthropic answering with signed and redacted thinking and a tool call, unary or streamed. */
    static final class ThinkingAnthropic extends ServerExtension {
        final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                final JsonNode body;
                try {
                    body = JSON.readTree(request.contentUtf8());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                received.add(body);
                if (body.path("stream").asBoolean()) {
                    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", "text/event-stream"),
                                           HttpData.ofUtf8(STREAM));
                }
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, HttpData.ofUtf8(UNARY));
            })));
        }

        JsonNode next() throws InterruptedException {
            final JsonNode body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).as("a request upstream within 10 s").isNotNull();
            return body;
        }
    }

    /** Anthropic's documented shape of a message with thinking, redacted thinking and a tool call. */
    private static final String UNARY = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-20250514\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"},"
            + "{\"type\":\"redacted_thinking\",\"data\":\"" + REDACTED + "\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"weather\",\"input\":{\"city\":\"Florence\"}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":50,\"output_tokens\":80}}";

    /** The same streamed: thinking in deltas, its signature in a signature_delta before the block stops. */
    private static final String STREAM = String.join("\n\n",
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_02\",\"type\":"
            + "\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\",\"content\":[],"
            + "\"usage\":{\"input_tokens\":50,\"output_tokens\":1}}}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"thinking_delta\",\"thinking\":\"I should call \"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"thinking_delta\",\"thinking\":\"the tool.\"}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
            + "{\"type\":\"signature_delta\",\"signature\":\"" + SIGNATURE + "\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"weather\",\"input\":{}}}",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Florence\\\"}\"}}",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
            + "\"usage\":{\"output_tokens\":80}}",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}", "");
}
