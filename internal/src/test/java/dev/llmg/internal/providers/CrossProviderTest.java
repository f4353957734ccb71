package dev.llmg.internal.providers;

import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.testing.EventStreamFrames;
import dev.llmg.spi.ChatProvider;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;

/**
 * Sends one canonical request with a tool, and one with a JSON schema, to every provider type (configured
 * from YAML as in production) against loopback servers, and checks that each provider wrote the tool or the
 * schema in its own dialect and that the decoded answers mean the same: the same tool call with the same
 * arguments, or the same JSON as content, and the same finish reason.
 */
class CrossProviderTest {

    private static final String WEATHER = "{\"properties\":{\"location\":{\"description\":\"the city\","
                                          + "\"type\":\"string\"}},\"required\":[\"location\"],\"type\":\"object\"}";
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                                         + "\"temperature_c\":{\"type\":\"integer\"}},\"required\":[\"city\","
                                         + "\"temperature_c\"],\"additionalProperties\":false}";
    private static final String ANSWER = "{\"city\":\"Florence\",\"temperature_c\":40}";

    /** Each provider's recording of the weather request, under the fixture roots of the replay server. */
    @RegisterExtension
    static final ReplayServer server = new ReplayServer("anthropic", sb -> {
        sb.serviceUnder("/openai-tools/", (ctx, req) -> ReplayServer.replay("openai", "openai", "chat-streaming-tools-0"));
        sb.serviceUnder("/azure-tools/", (ctx, req) -> ReplayServer.replay("azure", "azure", "chat-tools-v1-0"));
        // No recording answers with a schema on every provider: these answers follow each API's documented shape.
        sb.serviceUnder("/openai-schema/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
            CrossProviderTest.server.remember("openai-schema", r);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
                    + "\"created\":1,\"model\":\"gpt\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":" + quoted(ANSWER) + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                    + "\"completion_tokens\":9,\"total_tokens\":18}}");
        })));
        sb.serviceUnder("/anthropic-schema/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
            CrossProviderTest.server.remember("anthropic-schema", r);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
                    + "\"assistant\",\"model\":\"claude\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                    + "\"name\":\"weather_report\",\"input\":" + ANSWER + "}],\"stop_reason\":\"tool_use\","
                    + "\"usage\":{\"input_tokens\":9,\"output_tokens\":9}}");
        })));
        // No Gemini recording asks for this tool: these answers follow the API's documented shape.
        final String geminiCall = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
                + "{\"name\":\"weather\",\"args\":{\"location\":\"Florence, Italy\"}}}]},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":9,"
                + "\"totalTokenCount\":18},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}";
        sb.serviceUnder("/gemini-tools/", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON, geminiCall));
        sb.serviceUnder("/gemini-tools-stream/", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.EVENT_STREAM,
                "data: " + geminiCall + "\r\n\r\n"));
        sb.serviceUnder("/gemini-schema/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
            CrossProviderTest.server.remember("gemini-schema", r);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"candidates\":[{\"content\":{\"role\":"
                    + "\"model\",\"parts\":[{\"text\":" + quoted(ANSWER) + "}]},\"finishReason\":\"STOP\","
                    + "\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r2\"}");
        })));
        // No Bedrock recording asks for this tool: these answers follow Converse's documented shape.
        sb.serviceUnder("/bedrock-tools/", (ctx, req) -> HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":"
                + "\"tooluse_1\",\"name\":\"weather\",\"input\":{\"location\":\"Florence, Italy\"}}}]}},"
                + "\"stopReason\":\"tool_use\",\"usage\":{\"inputTokens\":9,\"outputTokens\":9,\"totalTokens\":18}}"));
        sb.serviceUnder("/bedrock-tools-stream/", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.parse(EventStreamFrames.CONTENT_TYPE))
                               .build(),
                HttpData.wrap(new EventStreamFrames()
                        .event("messageStart", "{\"role\":\"assistant\"}")
                        .event("contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":"
                                                    + "{\"toolUseId\":\"tooluse_1\",\"name\":\"weather\"}}}")
                        .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":"
                                                    + "{\"input\":\"{\\\"location\\\":\"}}}")
                        .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":"
                                                    + "{\"input\":\"\\\"Florence, Italy\\\"}\"}}}")
                        .event("contentBlockStop", "{\"contentBlockIndex\":0}")
                        .event("messageStop", "{\"stopReason\":\"tool_use\"}")
                        .event("metadata", "{\"usage\":{\"inputTokens\":9,\"outputTokens\":9,\"totalTokens\":18}}")
                        .bytes())));
        sb.serviceUnder("/bedrock-schema/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(r -> {
            CrossProviderTest.server.remember("bedrock-schema", r);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"output\":{\"message\":{\"role\":"
                    + "\"assistant\",\"content\":[{\"text\":" + quoted(ANSWER) + "}]}},\"stopReason\":\"end_turn\","
                    + "\"usage\":{\"inputTokens\":9,\"outputTokens\":9,\"totalTokens\":18}}");
        })));
    });

    /** Bedrock signs with keys (SigV4) rather than an api_key. */
    private static final String BEDROCK_KEYS = "\n    region: us-east-1\n    access_key_id: AKIDEXAMPLELLMG12345"
                                               + "\n    secret_access_key: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static Stream<Arguments> toolRows() {
        return Stream.of(
                Arguments.of("openai", "type: openai\n    base_url: " + root("/openai-tools/v1"), true),
                Arguments.of("openai-compatible", "type: openai-compatible\n    base_url: " + root("/openai-tools/v1"), true),
                Arguments.of("azure", "type: azure\n    url_style: v1\n    endpoint: " + root("/azure-tools"), false),
                Arguments.of("anthropic", "type: anthropic\n    base_url: "
                             + server.baseUri("anthropic", "messages-tool-use-0"), false),
                Arguments.of("anthropic (stream)", "type: anthropic\n    base_url: "
                             + server.baseUri("anthropic", "messages-tool-use-streaming-0"), true),
                Arguments.of("gemini", "type: gemini\n    base_url: " + root("/gemini-tools"), false),
                Arguments.of("gemini (stream)", "type: gemini\n    base_url: " + root("/gemini-tools-stream"), true),
                Arguments.of("bedrock", "type: bedrock\n    base_url: " + root("/bedrock-tools") + BEDROCK_KEYS, false),
                Arguments.of("bedrock (stream)", "type: bedrock\n    base_url: " + root("/bedrock-tools-stream")
                                                 + BEDROCK_KEYS, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toolRows")
    void aToolCallMeansTheSameOnEveryProvider(String row, String providerYaml, boolean stream) throws Exception {
        final ChatRequest request = ChatRequest.newBuilder().setModel("m")
                .addMessages(system("You are a helpful assistant"))
                .addMessages(user("What's the weather in Florence,Italy?"))
                .setMaxTokens(4000).setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                .addTools(tool("weather", "Get weather information for a location", WEATHER, false)).build();

        final Answer answer = answer(provider(providerYaml), request, stream);

        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(answer.toolCalls).hasSize(1);
        assertThat(answer.toolCalls.get(0).getName()).isEqualTo("weather");
        assertThat(answer.toolCalls.get(0).getId()).isNotEmpty();
        // Models differ in spacing ("Florence, Italy"); the arguments must be whole JSON naming the city.
        assertThat(json(answer.toolCalls.get(0).getArguments()).get("location").asText().replace(" ", ""))
                .isEqualTo("Florence,Italy");
    }

    static Stream<Arguments> schemaRows() {
        return Stream.of(
                Arguments.of("openai", "type: openai\n    base_url: " + root("/openai-schema/v1"), "openai-schema"),
                Arguments.of("openai-compatible", "type: openai-compatible\n    base_url: " + root("/openai-schema/v1"),
                             "openai-schema"),
                Arguments.of("azure", "type: azure\n    url_style: v1\n    endpoint: " + root("/openai-schema"),
                             "openai-schema"),
                Arguments.of("anthropic", "type: anthropic\n    base_url: " + root("/anthropic-schema/v1"),
                             "anthropic-schema"),
                Arguments.of("gemini", "type: gemini\n    base_url: " + root("/gemini-schema"), "gemini-schema"),
                Arguments.of("bedrock", "type: bedrock\n    base_url: " + root("/bedrock-schema") + BEDROCK_KEYS,
                             "bedrock-schema"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaRows")
    void aJsonSchemaIsHonouredAndTheAnswerIsTheContent(String row, String providerYaml, String route) throws Exception {
        final ChatRequest request = ChatRequest.newBuilder().setModel("m").addMessages(user("Weather in Florence?"))
                .setResponseFormat(ResponseFormat.newBuilder().setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(JsonSchema.newBuilder().setName("weather_report")
                                                 .setSchema(Fixtures.struct(SCHEMA)).setStrict(true))).build();

        final Answer answer = answer(provider(providerYaml), request, false);

        final JsonNode sent = server.takeRequest(route).json();
        final JsonNode schemaSent = route.startsWith("anthropic") ? sent.at("/tools/0/input_schema")
                                    : route.startsWith("gemini") ? sent.at("/generationConfig/responseJsonSchema")
                                    // Bedrock takes the schema as a string.
                                    : route.startsWith("bedrock")
                                      ? json(sent.at("/outputConfig/textFormat/structure/jsonSchema/schema").asText())
                                    : sent.at("/response_format/json_schema/schema");
        assertThat(schemaSent).isEqualTo(json(SCHEMA));
        if (route.startsWith("bedrock")) {
            assertThat(sent.at("/outputConfig/textFormat/type").asText()).isEqualTo("json_schema");
            assertThat(sent.at("/outputConfig/textFormat/structure/jsonSchema/name").asText())
                    .isEqualTo("weather_report");
        }
        if (route.startsWith("anthropic")) {
            assertThat(sent.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"weather_report\"}"));
        }
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.toolCalls).isEmpty();
        assertThat(json(answer.content)).isEqualTo(json(ANSWER));
    }

    private static Answer answer(ChatProvider provider, ChatRequest request, boolean stream) throws Exception {
        if (stream) {
            final StreamedAnswer streamed = new StreamedAnswer(provider.stream(request, Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS));
            return new Answer(streamed.content.toString(), streamed.toolCalls(), streamed.finishReason);
        }
        final Choice choice = provider.complete(request, Attempt.unlimited()).get(10, TimeUnit.SECONDS).getChoices(0);
        final StringBuilder content = new StringBuilder();
        choice.getMessage().getContentList().forEach(part -> content.append(part.getText()));
        return new Answer(content.toString(), choice.getMessage().getToolCallsList(), choice.getFinishReason());
    }

    private static ChatProvider provider(String yaml) {
        final String config = "providers:\n  p:\n    " + yaml
                              + (yaml.contains("access_key_id") ? "\n" : "\n    api_key: test-key-0123456789\n");
        final Map<String, ProviderFactory> factories = Map.of(
                "openai", factory("openai.OpenAiProviderFactory"),
                "openai-compatible", factory("compatible.CompatibleProviderFactory"),
                "azure", factory("azure.AzureProviderFactory"),
                "anthropic", factory("anthropic.AnthropicProviderFactory"),
                "gemini", factory("gemini.GeminiProviderFactory"),
                "bedrock", factory("bedrock.BedrockProviderFactory"));
        return ProviderRegistry.fromConfig(new ConfigLoader(Map.of()).parse(config), factories)
                               .get("p").orElseThrow().client().orElseThrow();
    }

    /** Creates a package-private factory the way Dagger does, through its injectable constructor. */
    private static ProviderFactory factory(String name) {
        try {
            final var constructor = Class.forName("dev.llmg.internal.providers." + name).getDeclaredConstructor();
            constructor.setAccessible(true);
            return (ProviderFactory) constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String root(String path) {
        return server.baseUri(path).toString();
    }

    private static JsonNode json(String text) {
        try {
            return Fixtures.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        return Fixtures.JSON.getNodeFactory().textNode(text).toString();
    }

    private record Answer(String content, List<ToolCall> toolCalls, FinishReason finishReason) {}

}
