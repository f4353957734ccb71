package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import com.linecorp.armeria.common.AggregatedHttpRequest;
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
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionTool;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;

import dev.llmg.api.gateway.v1.CacheControl;
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
import dev.llmg.internal.testing.BedrockSignatures;
import dev.llmg.internal.testing.EventStreamFrames;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A Claude model on Bedrock (Converse and ConverseStream, every request's SigV4 signature checked by a loopback
 * Bedrock) through the OpenAI SDK and the native gRPC API: cache marks reach Bedrock as {@code cachePoint} blocks
 * and the usage shows cache reads and writes; reasoning asked for reaches it as {@code reasoning_config} with a
 * budget, the signed and redacted reasoning comes back, unary and streamed, and goes back unchanged, first in the
 * assistant turn, with the tool-use turn it belongs to. A Claude model on InvokeModel gets Anthropic's own forms.
 */
class BedrockCacheAndReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLAUDE = "us.anthropic.claude-haiku-4-5-20251001-v1:0";
    private static final String MANUAL = "You answer from this long manual. ".repeat(20);
    private static final String SIGNATURE = "ErgLCkgIEBABGAIqQIzAXHBobCiCAebQk5app5wIGawnQNUmuHUwHBXJ3EyYSzfJ";
    private static final String REDACTED = "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP";
    private static final String THOUGHT = "The user wants the weather; I should call the tool.";
    private static final String CACHE_POINT = "{\"cachePoint\":{\"type\":\"default\"}}";

    @RegisterExtension
    @Order(1)
    static final SignedBedrock bedrock = new SignedBedrock();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  bedrock:",
            "    type: bedrock",
            "    region: " + BedrockSignatures.REGION,
            "    base_url: " + bedrock.httpUri() + "/bedrock",
            "    access_key_id: " + BedrockSignatures.ACCESS_KEY_ID,
            "    secret_access_key: " + BedrockSignatures.SECRET_KEY,
            "  bedrock-invoke:",
            "    type: bedrock",
            "    region: " + BedrockSignatures.REGION,
            "    base_url: " + bedrock.httpUri() + "/invoke",
            "    access_key_id: " + BedrockSignatures.ACCESS_KEY_ID,
            "    secret_access_key: " + BedrockSignatures.SECRET_KEY,
            "    invoke_anthropic: true",
            "models:",
            "  - name: claude-bedrock",
            "    provider: bedrock",
            "    provider_model: " + CLAUDE,
            "  - name: claude-invoke",
            "    provider: bedrock-invoke",
            "    provider_model: " + CLAUDE,
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
        bedrock.received.clear();
    }

    @Test
    void theOpenAiSdksCacheMarksBecomeCachePointsAndTheUsageShowsTheCache() throws Exception {
        final Map<String, JsonValue> ephemeral = Map.of("cache_control", JsonValue.from(Map.of("type", "ephemeral")));
        final ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-bedrock")
                .addMessage(ChatCompletionSystemMessageParam.builder().contentOfArrayOfContentParts(List.of(
                        ChatCompletionContentPartText.builder().text(MANUAL).additionalProperties(ephemeral).build(),
                        ChatCompletionContentPartText.builder().text("Be brief.").build())).build())
                .addTool(ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder().function(
                        FunctionDefinition.builder().name("lookup").build()).additionalProperties(ephemeral).build()))
                .addUserMessage("What does page 3 say?").build());

        final JsonNode sent = bedrock.next("/converse");
        assertThat(sent.get("system").toString()).isEqualTo(JSON.createArrayNode()
                .add(JSON.createObjectNode().put("text", MANUAL)).add(JSON.readTree(CACHE_POINT))
                .add(JSON.createObjectNode().put("text", "Be brief.")).toString());
        assertThat(sent.at("/toolConfig/tools/0/toolSpec/name").asText()).isEqualTo("lookup");
        assertThat(sent.at("/toolConfig/tools/1").toString()).isEqualTo(CACHE_POINT);
        assertThat(sent.has("additionalModelRequestFields")).isFalse();

        final var usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).as("input tokens include cache reads and writes").isEqualTo(350);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(200L);
        assertThat(usage.promptTokensDetails().orElseThrow()._additionalProperties().get("cache_creation_input_tokens"))
                .isEqualTo(JsonValue.from(100));
    }

    @Test
    void theNativeApiAsksForTheCacheWithTheCanonicalHintStreamedToo() throws Exception {
        final ChatRequest request = TestGateway.ask("claude-bedrock", "What does page 3 say?").toBuilder()
                .addMessages(0, Message.newBuilder().setRole(Role.ROLE_SYSTEM).addContent(
                        ContentPart.newBuilder().setText(MANUAL).setCacheControl(CacheControl.getDefaultInstance())))
                .build();
        final LlmgClient client = LlmgClient.connect(gateway.httpUri());
        final CreateChatCompletionResponse response = client.complete(request);
        assertThat(bedrock.next("/converse").at("/system/1").toString()).isEqualTo(CACHE_POINT);
        assertThat(response.getUsage().getCachedInputTokens()).isEqualTo(200);
        assertThat(response.getUsage().getCacheCreationInputTokens()).isEqualTo(100);

        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        client.stream(request).forEachRemaining(pieces::add);
        assertThat(bedrock.next("/converse-stream").at("/system/1").toString()).isEqualTo(CACHE_POINT);
        final StreamChatCompletionResponse last = pieces.get(pieces.size() - 1);
        assertThat(last.getUsage().getCachedInputTokens()).isEqualTo(200);
        assertThat(last.getUsage().getCacheCreationInputTokens()).isEqualTo(100);
    }

    @Test
    void theOpenAiSdkThinksThroughAToolUseTurnWithItsSignedReasoningSentBack() throws Exception {
        final ChatCompletion first = sdk.chat().completions().create(ask().build());
        assertThat(bedrock.next("/converse").at("/additionalModelRequestFields").toString())
                .as("medium").isEqualTo("{\"reasoning_config\":{\"type\":\"enabled\",\"budget_tokens\":4096}}");

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
        assertSignedReasoningWentBack(bedrock.next("/converse"), THOUGHT, true);
    }

    @Test
    void theOpenAiSdkStreamsTheSignedBlockOnceWholeAndSendsItBack() throws Exception {
        final List<JsonNode> blocks = new ArrayList<>();
        final StringBuilder reasoning = new StringBuilder();
        final List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask().build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> {
                    final JsonValue text = choice.delta()._additionalProperties().get("reasoning_content");
                    if (text != null) {
                        reasoning.append(text.asString().orElseThrow());
                    }
                    final JsonValue whole = choice.delta()._additionalProperties().get("thinking_blocks");
                    if (whole != null) {
                        blocks.addAll(tree(whole));
                    }
                });
            });
        }
        bedrock.next("/converse-stream");
        assertThat(reasoning).hasToString("I should call the tool.");
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).toString()).isEqualTo("{\"type\":\"thinking\",\"thinking\":\"I should call the tool."
                                                       + "\",\"signature\":\"" + SIGNATURE + "\"}");
        final String callId = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().toolCalls().stream().flatMap(List::stream))
                .map(call -> call.id().orElse("")).filter(id -> !id.isEmpty()).findFirst().orElseThrow();

        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(ask()
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageToolCall.ofFunction(
                                ChatCompletionMessageFunctionToolCall.builder().id(callId).function(
                                        ChatCompletionMessageFunctionToolCall.Function.builder().name("weather")
                                                .arguments("{\"city\":\"Florence\"}").build()).build()))
                        .putAdditionalProperty("thinking_blocks", JsonValue.from(List.of(Map.of(
                                "type", "thinking", "thinking", "I should call the tool.", "signature", SIGNATURE))))
                        .build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId)
                                    .content("{\"sky\": \"clear\"}").build())
                .build())) {
            stream.stream().forEach(chunk -> { });
        }
        assertSignedReasoningWentBack(bedrock.next("/converse-stream"), "I should call the tool.", false);
    }

    @Test
    void theNativeApiAsksForABudgetAndSendsTheBlocksBackAsItGotThem() throws Exception {
        final LlmgClient client = LlmgClient.connect(gateway.httpUri());
        final ChatRequest first = nativeAsk("claude-bedrock").build();
        final CreateChatCompletionResponse answer = client.complete(first);
        assertThat(bedrock.next("/converse").at("/additionalModelRequestFields/reasoning_config/budget_tokens")
                          .asInt()).isEqualTo(2048);
        final Message assistant = answer.getChoices(0).getMessage();
        assertThat(assistant.getReasoningBlocksList()).containsExactly(
                ReasoningBlock.newBuilder().setText(THOUGHT).setSignature(SIGNATURE).build(),
                ReasoningBlock.newBuilder().setRedacted(REDACTED).build());

        client.complete(first.toBuilder().addMessages(assistant).addMessages(Message.newBuilder()
                .setRole(Role.ROLE_TOOL).setToolCallId(assistant.getToolCalls(0).getId())
                .addContent(ContentPart.newBuilder().setText("{\"sky\": \"clear\"}"))).build());
        assertSignedReasoningWentBack(bedrock.next("/converse"), THOUGHT, true);

        final List<ReasoningBlock> streamed = new ArrayList<>();
        client.stream(first).forEachRemaining((StreamChatCompletionResponse piece) -> piece.getChoicesList()
                .forEach(choice -> streamed.addAll(choice.getDelta().getReasoningBlocksList())));
        bedrock.next("/converse-stream");
        assertThat(streamed).containsExactly(
                ReasoningBlock.newBuilder().setText("I should call the tool.").setSignature(SIGNATURE).build());
    }

    @Test
    void aBudgetNotBelowTheCallersMaximumIsRefusedNamingTheField() {
        final StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () ->
                LlmgClient.connect(gateway.httpUri()).complete(nativeAsk("claude-bedrock").setMaxTokens(2048).build()));
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refused.getStatus().getDescription()).contains("max_tokens");
        assertThat(bedrock.received).isEmpty();
    }

    @Test
    void onInvokeModelClaudeGetsAnthropicsOwnThinkingAndCacheMarks() throws Exception {
        final Map<String, JsonValue> ephemeral = Map.of("cache_control", JsonValue.from(Map.of("type", "ephemeral")));
        final ChatCompletion completion = sdk.chat().completions().create(ask().model("claude-invoke")
                .messages(List.of())
                .addMessage(ChatCompletionSystemMessageParam.builder().contentOfArrayOfContentParts(List.of(
                        ChatCompletionContentPartText.builder().text(MANUAL).additionalProperties(ephemeral).build()))
                        .build())
                .addUserMessage("Weather in Florence?").build());

        final JsonNode sent = bedrock.next("/invoke");
        assertThat(sent.get("anthropic_version").asText()).isEqualTo("bedrock-2023-05-31");
        assertThat(sent.at("/thinking").toString()).isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":4096}");
        assertThat(sent.at("/system/0/cache_control").toString()).isEqualTo("{\"type\":\"ephemeral\"}");
        final JsonValue blocks = completion.choices().get(0).message()._additionalProperties().get("thinking_blocks");
        assertThat(tree(blocks).get(0).get("signature").asText()).isEqualTo(SIGNATURE);
    }

    private static void assertSignedReasoningWentBack(JsonNode sent, String thought, boolean redactedToo) {
        final JsonNode turn = sent.at("/messages/1");
        assertThat(turn.get("role").asText()).isEqualTo("assistant");
        assertThat(turn.at("/content/0").toString()).as("the reasoning first, exactly as signed").isEqualTo(
                "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"" + thought + "\",\"signature\":\""
                + SIGNATURE + "\"}}}");
        int next = 1;
        if (redactedToo) {
            assertThat(turn.at("/content/1").toString())
                    .isEqualTo("{\"reasoningContent\":{\"redactedContent\":\"" + REDACTED + "\"}}");
            next = 2;
        }
        assertThat(turn.at("/content/" + next).has("toolUse")).as("%s", turn).isTrue();
        assertThat(sent.at("/messages/2/content/0").has("toolResult")).isTrue();
    }

    private static List<JsonNode> tree(JsonValue value) {
        try {
            final List<JsonNode> nodes = new ArrayList<>();
            JSON.readTree(JSON.writeValueAsString(value)).forEach(nodes::add);
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatCompletionCreateParams.Builder ask() {
        return ChatCompletionCreateParams.builder().model("claude-bedrock").reasoningEffort(ReasoningEffort.MEDIUM)
                .addTool(ChatCompletionTool.ofFunction(ChatCompletionFunctionTool.builder().function(
                        FunctionDefinition.builder().name("weather").build()).build()))
                .addUserMessage("Weather in Florence?");
    }

    private static ChatRequest.Builder nativeAsk(String model) {
        return TestGateway.ask(model, "Weather in Florence?").toBuilder()
                .setReasoning(ReasoningConfig.newBuilder().setBudgetTokens(2048))
                .addTools(Tool.newBuilder().setName("weather"));
    }

    /**
     * Plays Bedrock Runtime on loopback: refuses a request whose SigV4 signature the AWS SDK's signer does not
     * compute alike (as AWS refuses it), keeps each body it receives, and answers Converse and ConverseStream with
     * signed and redacted reasoning, a tool call and cache usage, and InvokeModel with an Anthropic message.
     */
    static final class SignedBedrock extends ServerExtension {
        final LinkedBlockingQueue<Map.Entry<String, JsonNode>> received = new LinkedBlockingQueue<>();

        @Override
        protected void configure(ServerBuilder sb) {
            final String model = "/model/" + CLAUDE;
            sb.service("exact:/bedrock" + model + "/converse", (ctx, req) -> HttpResponse.of(req.aggregate()
                    .thenApply(request -> signed(request, "/converse", ResponseHeaders.builder(HttpStatus.OK)
                            .contentType(MediaType.JSON).add("x-amzn-requestid", "req-1").build(),
                                                 HttpData.ofUtf8(UNARY)))));
            sb.service("exact:/bedrock" + model + "/converse-stream", (ctx, req) -> HttpResponse.of(req.aggregate()
                    .thenApply(request -> signed(request, "/converse-stream", ResponseHeaders.builder(HttpStatus.OK)
                            .contentType(MediaType.parse(EventStreamFrames.CONTENT_TYPE)).build(),
                                                 HttpData.wrap(STREAM)))));
            sb.service("exact:/invoke" + model + "/invoke", (ctx, req) -> HttpResponse.of(req.aggregate()
                    .thenApply(request -> signed(request, "/invoke", ResponseHeaders.builder(HttpStatus.OK)
                            .contentType(MediaType.JSON).build(), HttpData.ofUtf8(ANTHROPIC)))));
        }

        private HttpResponse signed(AggregatedHttpRequest request, String action, ResponseHeaders headers,
                                    HttpData body) {
            try {
                BedrockSignatures.assertSigned(request.headers(), request.content().array());
                received.add(Map.entry(action, JSON.readTree(request.contentUtf8())));
            } catch (AssertionError | IOException e) {
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.FORBIDDEN).contentType(MediaType.JSON)
                                                      .add("x-amzn-errortype", "InvalidSignatureException").build(),
                                       HttpData.ofUtf8("{\"message\":\"The request signature we calculated does not "
                                                       + "match the signature you provided.\"}"));
            }
            return HttpResponse.of(headers, body);
        }

        /** Returns the next body received, checking that it went to {@code action}. */
        JsonNode next(String action) throws InterruptedException {
            final Map.Entry<String, JsonNode> request = received.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a signed request upstream within 10 s").isNotNull();
            assertThat(request.getKey()).isEqualTo(action);
            return request.getValue();
        }
    }

    /** Converse's documented shape of an answer with signed and redacted reasoning, a call and cache usage. */
    private static final String UNARY = "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":["
            + "{\"reasoningContent\":{\"reasoningText\":{\"text\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE
            + "\"}}},{\"reasoningContent\":{\"redactedContent\":\"" + REDACTED + "\"}},"
            + "{\"toolUse\":{\"toolUseId\":\"tooluse_1\",\"name\":\"weather\",\"input\":{\"city\":\"Florence\"}}}]}},"
            + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":50,\"outputTokens\":80,"
            + "\"cacheReadInputTokens\":200,\"cacheWriteInputTokens\":100,\"totalTokens\":430},"
            + "\"metrics\":{\"latencyMs\":9}}";

    /** The same streamed: reasoning in deltas, its signature in a later delta before the block stops. */
    private static final byte[] STREAM = new EventStreamFrames()
            .event("messageStart", "{\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"text\":\"I should call \"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"text\":\"the tool.\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"reasoningContent\":"
                                        + "{\"signature\":\"" + SIGNATURE + "\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":0}")
            .event("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":"
                                        + "\"tooluse_2\",\"name\":\"weather\"}}}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":"
                                        + "\"{\\\"city\\\": \\\"Florence\\\"}\"}}}")
            .event("contentBlockStop", "{\"contentBlockIndex\":1}")
            .event("messageStop", "{\"stopReason\":\"tool_use\"}")
            .event("metadata", "{\"usage\":{\"inputTokens\":50,\"outputTokens\":80,\"cacheReadInputTokens\":200,"
                               + "\"cacheWriteInputTokens\":100,\"totalTokens\":430},\"metrics\":{\"latencyMs\":9}}")
            .bytes();

    /** InvokeModel's answer for Claude: an Anthropic message with signed thinking and a tool call. */
    private static final String ANTHROPIC = "{\"id\":\"msg_bdrk_01\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"" + THOUGHT + "\",\"signature\":\"" + SIGNATURE + "\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"weather\",\"input\":{\"city\":\"Florence\"}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":50,\"output_tokens\":80,"
            + "\"cache_read_input_tokens\":200,\"cache_creation_input_tokens\":100}}";
}
