package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.assistant;
import static dev.llmg.internal.providers.replay.Chat.assistantCalling;
import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.developer;
import static dev.llmg.internal.providers.replay.Chat.image;
import static dev.llmg.internal.providers.replay.Chat.mode;
import static dev.llmg.internal.providers.replay.Chat.system;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.tool;
import static dev.llmg.internal.providers.replay.Chat.toolResult;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolChoiceMode;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.spi.ErrorKind;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.Chat;

/**
 * Sends canonical requests that correspond to recorded OpenAI exchanges through {@link OpenAiProvider#complete}
 * to a server that replays the recordings, and checks both directions: the JSON we sent equals the recorded
 * request field by field, and the recorded answer maps to the expected canonical response.
 */
class OpenAiCompleteTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer(sb -> {
        // No recording of GET /models exists in the fixtures: this body follows OpenAI's documented shape.
        sb.service("/models/v1/models", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            OpenAiCompleteTest.server.remember("models", request); // Qualified: a lambda in an initializer.
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON,
                                   "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\","
                                   + "\"created\":1715367049,\"owned_by\":\"system\"},{\"id\":\"gpt-4o-mini\","
                                   + "\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"},"
                                   + "{\"id\":null,\"object\":\"model\"}]}");
        })));
        sb.service("/models-denied/v1/models",
                   (ctx, req) -> ReplayServer.replay("openai", "error-401-invalid-api-key"));
    });

    static final String KEY = "sk-test-0123456789abcdef";

    private static final String BOB_SEARCH_PARAMETERS =
            "{\"type\":\"object\",\"properties\":{\"search_engine\":{\"type\":\"string\","
            + "\"enum\":[\"google\",\"duckduckgo\",\"bing\"]},\"search_query\":{\"type\":\"string\"}},"
            + "\"required\":[\"search_engine\",\"search_query\"],\"additionalProperties\":false}";
    static final String NUMBERS_PARAMETERS =
            "{\"properties\":{\"a\":{\"description\":\"first number\",\"type\":\"integer\"},"
            + "\"b\":{\"description\":\"second number\",\"type\":\"integer\"}},\"required\":[\"a\",\"b\"],"
            + "\"type\":\"object\"}";
    private static final String PARALLEL_SYSTEM =
            "You are a helpful assistant. CRITICAL: Always use both add and multiply at the same time ALWAYS.";

    @Test
    void basicWire() {
        final CreateChatCompletionResponse response = complete("chat-basic-wire", ChatRequest.newBuilder()
                .setModel("gpt-3.5-turbo")
                .addMessages(user("Hello, how are you?"))
                .setMaxTokens(50)
                .setTemperature(0));

        assertSentAsRecorded("chat-basic-wire");
        assertThat(response.getId()).isEqualTo("chatcmpl-C6bhxDl79vlojU2DYKbzyDh0FmLZY");
        assertThat(response.getModel()).isEqualTo("gpt-3.5-turbo-0125");
        assertThat(response.getCreated()).isEqualTo(1755690953L);
        assertThat(response.getChoicesList()).containsExactly(Choice.newBuilder()
                .setIndex(0)
                .setMessage(Message.newBuilder().setRole(Role.ROLE_ASSISTANT).addContent(text(
                        "Hello! I'm just a computer program, so I don't have feelings, but I'm here to help you. "
                        + "How can I assist you today?")))
                .setFinishReason(FinishReason.FINISH_REASON_STOP)
                .build());
        assertThat(response.getUsage()).isEqualTo(usage(13, 31, 44, 0, 0));
        assertThat(attempt.providerRequestId()).as("the provider reports OpenAI's request id on the attempt")
                                               .isEqualTo("req_7997c69c86b744538a2884c8d777754b");
        assertThat(response.hasGateway()).as("the gateway, not the provider, writes the metadata").isFalse();
    }

    @Test
    void toolsWire() {
        final CreateChatCompletionResponse response = complete("chat-tools-wire", ChatRequest.newBuilder()
                .setModel("gpt-4o-2024-08-06")
                .addMessages(system("You are a helpful assistant"))
                .addMessages(user("What is the age of Bob Odenkirk, a famous comedy screenwriter and an actor."))
                .addTools(tool("search", "Search by the web search engine", BOB_SEARCH_PARAMETERS, true))
                .setTemperature(0));

        assertSentAsRecorded("chat-tools-wire");
        final Choice choice = response.getChoices(0);
        assertThat(choice.getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(choice.getMessage()).isEqualTo(Message.newBuilder()
                .setRole(Role.ROLE_ASSISTANT)
                .addToolCalls(call("call_ZK1sabbcL4sfbbcqmN9YALA7", "search",
                                   "{\"search_engine\":\"google\",\"search_query\":\"Bob Odenkirk age\"}"))
                .build());
        assertThat(response.getUsage()).isEqualTo(usage(85, 23, 108, 0, 0));
    }

    @Test
    void toolsWithToolChoiceAuto() {
        final CreateChatCompletionResponse response = complete("chat-tools", ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(user("What is the weather like in Boston today?"))
                .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                .addTools(tool("get_current_weather", "Get the current weather in a given location",
                               "{\"properties\":{\"location\":{\"description\":"
                               + "\"The city and state, e.g. San Francisco, CA\",\"type\":\"string\"},"
                               + "\"unit\":{\"enum\":[\"celsius\",\"fahrenheit\"],\"type\":\"string\"}},"
                               + "\"required\":[\"location\"],\"type\":\"object\"}", false)));

        assertSentAsRecorded("chat-tools");
        assertThat(response.getChoices(0).getMessage().getToolCallsList()).containsExactly(
                call("call_8fxy20OEu9ulvvaa5b5CzVA4", "get_current_weather",
                     "{\"location\":\"Boston, MA\",\"unit\":\"fahrenheit\"}"));
        assertThat(response.getUsage()).isEqualTo(usage(162, 287, 449, 0, 256));
    }

    @Test
    void parallelToolCallsThenToolResults() {
        final ChatRequest.Builder first = ChatRequest.newBuilder()
                .setModel("gpt-4o-mini")
                .addMessages(system(PARALLEL_SYSTEM))
                .addMessages(user("Add and multiply the number 2 and 3"))
                .setMaxTokens(4000)
                .setToolChoice(mode(ToolChoiceMode.TOOL_CHOICE_MODE_AUTO))
                .addTools(tool("add", "Add two numbers", NUMBERS_PARAMETERS, false))
                .addTools(tool("multiply", "Multiply two numbers", NUMBERS_PARAMETERS, false));
        final CreateChatCompletionResponse calls = complete("chat-parallel-tools-real-0", first);

        assertSentAsRecorded("chat-parallel-tools-real-0");
        final Message asked = calls.getChoices(0).getMessage();
        assertThat(asked.getContentList()).isEmpty();
        assertThat(asked.getToolCallsList()).containsExactly(
                call("call_2wt6qUGrlxczUadZYf3qXyH0", "add", "{\"a\": 2, \"b\": 3}"),
                call("call_vZOWZaH7tzu0rLZeogtafvrf", "multiply", "{\"a\": 2, \"b\": 3}"));
        assertThat(calls.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);

        // The next turn sends the model's own message back, with one tool message per call.
        final CreateChatCompletionResponse answer = complete("chat-parallel-tools-real-1", first.clone()
                .addMessages(asked)
                .addMessages(toolResult("call_2wt6qUGrlxczUadZYf3qXyH0", "5"))
                .addMessages(toolResult("call_vZOWZaH7tzu0rLZeogtafvrf", "6")));

        assertSentAsRecorded("chat-parallel-tools-real-1");
        assertThat(answer.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("The sum of 2 and 3 is 5, and the product of 2 and 3 is 6.");
        assertThat(answer.getUsage()).isEqualTo(usage(176, 26, 202, 0, 0));
    }

    @Test
    void jsonSchemaStrict() {
        final CreateChatCompletionResponse response = complete("chat-json-schema-strict", ChatRequest.newBuilder()
                .setModel("gpt-4o-2024-08-06")
                .addMessages(system("You are a student taking a math exam."))
                .addMessages(user("Solve 2 + 2"))
                .setResponseFormat(ResponseFormat.newBuilder()
                        .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                        .setJsonSchema(JsonSchema.newBuilder()
                                .setName("math_schema")
                                .setStrict(true)
                                .setSchema(Fixtures.struct(
                                        "{\"type\":\"object\",\"properties\":{\"final_answer\":{\"type\":\"string\","
                                        + "\"additionalProperties\":false}},\"additionalProperties\":false,"
                                        + "\"required\":[\"final_answer\"]}"))))
                .setTemperature(0));

        assertSentAsRecorded("chat-json-schema-strict");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("{\"final_answer\":\"4\"}");
        assertThat(response.getUsage()).isEqualTo(usage(53, 6, 59, 0, 0));
    }

    @Test
    void jsonObjectWire() {
        final CreateChatCompletionResponse response = complete("chat-json-object-wire", ChatRequest.newBuilder()
                .setModel("gpt-3.5-turbo")
                .addMessages(user("Return a JSON object with a 'greeting' field that says hello"))
                .setResponseFormat(ResponseFormat.newBuilder()
                        .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT))
                .setMaxTokens(50)
                .setTemperature(0));

        assertSentAsRecorded("chat-json-object-wire");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("{\n  \"greeting\": \"hello\"\n}");
    }

    @Test
    void imageUrlWire() {
        final CreateChatCompletionResponse response = complete("chat-image-url-wire", ChatRequest.newBuilder()
                .setModel("gpt-4o")
                .addMessages(user(
                        image("https://github.com/tmc/langchaingo/blob/main/docs/static/img/parrot-icon.png?raw=true"),
                        text("describe this image in detail")))
                .setMaxTokens(300)
                .setTemperature(0));

        assertSentAsRecorded("chat-image-url-wire");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText())
                .startsWith("The image is an emoji of a parrot.");
        assertThat(response.getUsage()).isEqualTo(usage(267, 106, 373, 0, 0));
    }

    @Test
    void imageAsDataUrl() {
        final String png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAXElEQVR42mNgoAkofv8f"
                           + "BVOkmQyD/sPwn1UlYAzlE6cZpgGmGZlPkgHYDCHKCcia0AwgHlCm+c+f/9gwabajG0CsK+DOxmIA8YZQ6gXkh"
                           + "ISG6W8ALj7RtuMTgwMA0WTdqiU1ensAAAAASUVORK5CYII=";
        complete("chat-image-to-text", ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(user(text("Answer in up to 5 words: What's in this image?"), image(png))));

        assertSentAsRecorded("chat-image-to-text");
    }

    @Test
    void multiTurnWithDeveloperRole() {
        final CreateChatCompletionResponse response = complete("chat-multiturn", ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(developer("You are a helpful assistant."))
                .addMessages(user("Hello!"))
                .addMessages(assistant("Hello! How can I assist you today?"))
                .addMessages(user("Answer in up to 5 words: What's the weather like?"))
                .setTemperature(1));

        assertSentAsRecorded("chat-multiturn");
        assertThat(response.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("What city or region?");
        assertThat(response.getUsage()).isEqualTo(usage(50, 526, 576, 0, 512));
    }

    @Test
    void lengthFinishWithDetailedUsage() {
        final CreateChatCompletionResponse response = complete("chat-detailed-usage", ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(developer("Hello, I'm a developer!"))
                .setMaxTokens(100)
                .setTemperature(1));

        assertSentAsRecorded("chat-detailed-usage");
        final Choice choice = response.getChoices(0);
        assertThat(choice.getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_LENGTH);
        assertThat(choice.getMessage()).as("empty content is no content")
                                       .isEqualTo(Message.newBuilder().setRole(Role.ROLE_ASSISTANT).build());
        assertThat(response.getUsage()).isEqualTo(usage(12, 100, 112, 0, 100));
    }

    @Test
    void legacyFunctionCallMapsToAToolCall() {
        // The request used the deprecated "functions" parameter, which llmg never sends: response side only.
        final CreateChatCompletionResponse response = complete("chat-legacy-functions", ChatRequest.newBuilder()
                .setModel("gpt-3.5-turbo")
                .addMessages(user("What's the weather like in Boston?")));

        final Choice choice = response.getChoices(0);
        assertThat(choice.getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(choice.getMessage().getToolCallsList()).containsExactly(
                call("", "get_weather", "{\"location\":\"Boston\"}"));
    }

    @Test
    void sendsTheKeyAndJsonHeaders() {
        complete("chat-basic-wire", ChatRequest.newBuilder().setModel("m").addMessages(user("hi")));

        final ReplayServer.ReceivedRequest request = server.takeRequest("openai", "chat-basic-wire");
        assertThat(request.headers().get("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.headers().get("content-type")).isEqualTo("application/json");
        assertThat(request.headers().get("accept")).isEqualTo("application/json");
        assertThat(request.headers().path()).isEqualTo("/replay/openai/chat-basic-wire/v1/chat/completions");
        assertThat(request.headers().contains("openai-organization")).isFalse();
    }

    @Test
    void sendsNoAuthorizationWithoutAKeyAndTheOrganizationAndProjectWhenSet() {
        final OpenAiSettings settings = OpenAiSettings.of("local", server.baseUri("openai", "chat-basic-wire"), "")
                                                      .withOrganizationAndProject("org-123", "proj_456");
        new OpenAiProvider(settings).complete(ChatRequest.newBuilder().setModel("m").addMessages(user("hi")).build(), Attempt.unlimited())
                                    .join();

        final ReplayServer.ReceivedRequest request = server.takeRequest("openai", "chat-basic-wire");
        assertThat(request.headers().contains("authorization")).isFalse();
        assertThat(request.headers().get("openai-organization")).isEqualTo("org-123");
        assertThat(request.headers().get("openai-project")).isEqualTo("proj_456");
    }

    @Test
    void listsModels() throws Exception {
        final OpenAiProvider provider =
                new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("/models/v1"), KEY));

        assertThat(provider.listModels().get(10, TimeUnit.SECONDS)).containsExactly("gpt-4o", "gpt-4o-mini");
        final ReplayServer.ReceivedRequest request = server.takeRequest("models");
        assertThat(request.headers().method()).isEqualTo(HttpMethod.GET);
        assertThat(request.headers().path()).isEqualTo("/models/v1/models");
        assertThat(request.headers().get("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void listingModelsReportsErrorsLikeChat() {
        final OpenAiProvider provider =
                new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("/models-denied/v1"), KEY));

        assertThat(OpenAiErrorTest.failure(provider.listModels()).kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
    }

    static Usage usage(int input, int output, int total, int cached, int reasoning) {
        return Usage.newBuilder()
                    .setInputTokens(input)
                    .setOutputTokens(output)
                    .setTotalTokens(total)
                    .setCachedInputTokens(cached)
                    .setReasoningTokens(reasoning)
                    .build();
    }

    /** The attempt of the last {@link #complete} call, where the provider reported the upstream's answer. */
    private static Attempt attempt;

    private static CreateChatCompletionResponse complete(String fixture, ChatRequest.Builder request) {
        final OpenAiProvider provider =
                new OpenAiProvider(OpenAiSettings.of("openai", server.baseUri("openai", fixture), KEY));
        attempt = Attempt.unlimited();
        return provider.complete(request.build(), attempt).join();
    }

    private static void assertSentAsRecorded(String fixture) {
        final JsonNode expected = JsonTrees.asLlmgWouldSendIt(Fixtures.json("openai", fixture + ".request.json"));
        final JsonNode sent = server.takeRequest("openai", fixture).json();
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request").isEmpty();
    }
}
