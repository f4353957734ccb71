package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationContext;
import dev.llmg.api.gateway.v1.ConversationLimits;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.ConversationServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.CreateConversationRequest;
import dev.llmg.api.gateway.v1.CreateInstructionVersionRequest;
import dev.llmg.api.gateway.v1.GetConversationRequest;
import dev.llmg.api.gateway.v1.InstructionMessage;
import dev.llmg.api.gateway.v1.InstructionServiceGrpc;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.RegenerateConversationRequest;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Conversations on the real gateway, checked by what a loopback upstream actually received: the history carried
 * across turns on every front door, trimmed by pairs and by tokens, regenerate, a cancelled stream storing nothing,
 * concurrent turns ordered, and bad input refused with a clear 4xx.
 */
@Timeout(60)
class ConversationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SDK_KEY = "sk-conversations-sdk";

    @RegisterExtension
    @Order(1)
    static final ConversationUpstream upstream = new ConversationUpstream();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> upstream.gatewayConfig(""));

    private static OpenAIClient openAi;

    @BeforeEach
    void freshUpstream() {
        upstream.reset();
    }

    @AfterAll
    static void closeClients() {
        if (openAi != null) {
            openAi.close();
        }
    }

    @Test
    void carriesTheHistoryOverGrpc() {
        final String id = create("You are terse.", ConversationLimits.getDefaultInstance());
        final CreateChatCompletionResponse first = chat().createChatCompletion(turn(id, "my name is Ana"));
        assertThat(first.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("re: my name is Ana");
        final CreateChatCompletionResponse second = chat().createChatCompletion(turn(id, "what is my name?"));

        assertThat(upstream.lastSent()).containsExactly("system: You are terse.", "user: my name is Ana",
                                                        "assistant: re: my name is Ana", "user: what is my name?");
        assertThat(upstream.requests().get(1).path("model").asText()).as("the conversation's model")
                                                                     .isEqualTo("gpt-4o-mini");
        final ConversationContext context = second.getGateway().getConversation();
        assertThat(context.getConversationId()).isEqualTo(id);
        assertThat(context.getMessagesIncluded()).isEqualTo(2);
        assertThat(context.getMessagesDropped()).isZero();
        assertThat(context.getTokenizer()).isEqualTo("o200k_base");
        assertThat(context.getContextTokens()).isPositive();
        assertThat(conversations().getConversation(GetConversationRequest.newBuilder().setId(id).build())
                                  .getConversation().getTurnCount()).isEqualTo(2);
    }

    @Test
    void carriesTheHistoryOverRest() throws Exception {
        final AggregatedHttpResponse created = rest(HttpMethod.POST, "/api/v1/conversations",
                                                    "{\"title\": \"rest\", \"systemPrompt\": \"Be kind.\", "
                                                    + "\"model\": \"gpt-4o-mini\"}");
        assertThat(created.status().code()).isEqualTo(200);
        assertThat(created.contentUtf8()).contains("gpt-4o-mini");
        final String id = JSON.readTree(created.contentUtf8()).at("/conversation/id").asText();
        for (String text : List.of("hello", "again")) {
            final AggregatedHttpResponse answered = rest(HttpMethod.POST, "/api/v1/chat/completions",
                    "{\"conversationId\": \"" + id + "\", \"messages\": [{\"role\": \"ROLE_USER\", "
                    + "\"content\": [{\"text\": \"" + text + "\"}]}]}");
            assertThat(answered.status().code()).as(answered.contentUtf8()).isEqualTo(200);
        }
        assertThat(upstream.lastSent()).containsExactly("system: Be kind.", "user: hello", "assistant: re: hello",
                                                        "user: again");
        final JsonNode history = JSON.readTree(rest(HttpMethod.GET, "/api/v1/conversations/" + id + "/messages", null)
                                                       .contentUtf8());
        assertThat(history.path("messages")).hasSize(4);
        assertThat(history.at("/messages/3/message/content/0/text").asText()).isEqualTo("re: again");
        assertThat(history.at("/messages/3/turn").asInt()).isEqualTo(2);
    }

    @Test
    void carriesTheHistoryOverTheOpenAiSdkByHeaderAndByMetadata() {
        // The SDK presents its key, which keyless mode knows by its fingerprint: the conversation must be that
        // caller's, created with the same key.
        final String id = GrpcClients.builder(gateway.httpUri()).addHeader("authorization", "Bearer " + SDK_KEY)
                                     .build(ConversationServiceGrpc.ConversationServiceBlockingStub.class)
                                     .createConversation(CreateConversationRequest.newBuilder().setConversation(
                                             Conversation.newBuilder().setModel("gpt-4o-mini")).build())
                                     .getConversation().getId();
        assertThatThrownBy(() -> openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("not mine")
                .putAdditionalHeader("x-llmg-conversation-id", create("", ConversationLimits.getDefaultInstance()))
                .build()))
                .as("another caller's conversation").isInstanceOf(NotFoundException.class);
        final ChatCompletion first = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("first by header")
                .putAdditionalHeader("x-llmg-conversation-id", id).build());
        assertThat(first.choices().get(0).message().content()).contains("re: first by header");
        openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini").addUserMessage("second by metadata")
                .metadata(ChatCompletionCreateParams.Metadata.builder()
                                                             .putAdditionalProperty("conversation_id",
                                                                                    JsonValue.from(id)).build())
                .build());
        assertThat(upstream.lastSent()).containsExactly("user: first by header", "assistant: re: first by header",
                                                        "user: second by metadata");
        assertThat(first._additionalProperties().get("llmg").toString()).as("the llmg object says which history went")
                                                                       .contains(id);
    }

    @Test
    void carriesTheHistoryOverSse() throws Exception {
        final String id = create("", ConversationLimits.getDefaultInstance());
        for (String text : List.of("one", "two")) {
            final List<SseReader.Event> events = SseReader.post(gateway.httpUri(),
                    "{\"conversationId\": \"" + id + "\", \"messages\": [{\"role\": \"ROLE_USER\", "
                    + "\"content\": [{\"text\": \"" + text + "\"}]}]}").rest();
            assertThat(events.get(events.size() - 1).name()).isEqualTo("done");
            assertThat(events.get(events.size() - 2).piece().getGateway().getConversation().getConversationId())
                    .as("the last piece says which history went").isEqualTo(id);
        }
        assertThat(upstream.lastSent()).containsExactly("user: one", "assistant: re: one", "user: two");
        assertThat(texts(history(id, false))).containsExactly("one", "re: one", "two", "re: two");
    }

    @Test
    void carriesTheHistoryOverTheWebSocket() {
        final String id = create("", ConversationLimits.getDefaultInstance());
        final WsClient ws = WsClient.connect(gateway.uri(SessionProtocol.H1C));
        try {
            for (String text : List.of("one", "two")) {
                ws.request(text, turn(id, text).getChat());
                final List<JsonNode> stream = WebSocketTest.untilEnded(ws, text).get(text);
                assertThat(stream.get(stream.size() - 1).path("type").asText()).isEqualTo("chat.done");
            }
        } finally {
            ws.close();
        }
        assertThat(upstream.lastSent()).containsExactly("user: one", "assistant: re: one", "user: two");
    }

    @Test
    void anInstructionRendersEachTurnAndTheConversationKeepsTheTurnsItWasSent() {
        GrpcClients.newClient(gateway.httpUri(), InstructionServiceGrpc.InstructionServiceBlockingStub.class)
                   .createInstructionVersion(CreateInstructionVersionRequest.newBuilder().setName("pirate")
                           .setVersion(InstructionVersion.newBuilder()
                                   .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_SYSTEM)
                                                                  .setTemplate("Talk like a {{who}}.")))
                           .build());
        final String id = create("You are terse.", ConversationLimits.getDefaultInstance());
        for (String text : List.of("ahoy", "where is the gold?")) {
            final CreateChatCompletionResponse answer = chat().createChatCompletion(turn(id, text).toBuilder()
                    .setChat(turn(id, text).getChat().toBuilder().setInstruction("pirate").setVariables(
                            Struct.newBuilder().putFields("who", Value.newBuilder().setStringValue("pirate").build())))
                    .build());
            assertThat(answer.getGateway().getInstruction().getName()).isEqualTo("pirate");
            assertThat(answer.getGateway().getConversation().getConversationId()).isEqualTo(id);
        }
        assertThat(upstream.lastSent()).as("both system prompts, then the history, then the new turn").containsExactly(
                "system: You are terse.", "system: Talk like a pirate.", "user: ahoy", "assistant: re: ahoy",
                "user: where is the gold?");
        assertThat(texts(history(id, false))).as("the rendered system message is not history")
                                             .containsExactly("ahoy", "re: ahoy", "where is the gold?",
                                                              "re: where is the gold?");
    }

    @Test
    void trimsTheOldestPairsBeyondTheConversationsLimit() {
        final String id = create("Sys.", ConversationLimits.newBuilder().setMaxPairs(1).build());
        chat().createChatCompletion(turn(id, "a"));
        chat().createChatCompletion(turn(id, "b"));
        final CreateChatCompletionResponse third = chat().createChatCompletion(turn(id, "c"));
        assertThat(upstream.lastSent()).containsExactly("system: Sys.", "user: b", "assistant: re: b", "user: c");
        assertThat(third.getGateway().getConversation().getMessagesDropped()).isEqualTo(2);
        assertThat(third.getGateway().getConversation().getMessagesIncluded()).isEqualTo(2);
    }

    @Test
    void trimsTheOldestTurnsBeyondTheTokenBudgetAndEstimatesForOtherModels() {
        // An estimate (local-model is not OpenAI's): a quarter token per character and 3 per message. Each earlier
        // pair here costs (3 + 25) + (3 + 26) = 57; the system prompt 3 + 1, the new turn 3 + 25: one pair fits in 100.
        final String id = conversations().createConversation(CreateConversationRequest.newBuilder().setConversation(
                Conversation.newBuilder().setSystemPrompt("Sys.").setModel("local-model")
                            .setLimits(ConversationLimits.newBuilder().setMaxContextTokens(100))).build())
                                         .getConversation().getId();
        final String pad = "x".repeat(96);
        chat().createChatCompletion(turn(id, "1" + pad + "abc"));
        chat().createChatCompletion(turn(id, "2" + pad + "abc"));
        final CreateChatCompletionResponse third = chat().createChatCompletion(turn(id, "3" + pad + "abc"));
        assertThat(upstream.lastSent()).hasSize(4);
        assertThat(upstream.lastSent().get(1)).startsWith("user: 2");
        final ConversationContext context = third.getGateway().getConversation();
        assertThat(context.getMessagesDropped()).isEqualTo(2);
        assertThat(context.getTokensEstimated()).isTrue();
        assertThat(context.getTokenizer()).isEqualTo("estimate");
        assertThat(context.getContextTokens()).isLessThanOrEqualTo(100);
    }

    @Test
    void regeneratesTheLastAnswerAndKeepsTheEarlierVersion() throws Exception {
        final String id = create("Sys.", ConversationLimits.getDefaultInstance());
        chat().createChatCompletion(turn(id, "first"));
        chat().createChatCompletion(turn(id, "second"));
        upstream.reset();

        final AggregatedHttpResponse regenerated = rest(HttpMethod.POST, "/api/v1/conversations/" + id + ":regenerate",
                                                        "{}");
        assertThat(regenerated.status().code()).as(regenerated.contentUtf8()).isEqualTo(200);
        assertThat(JSON.readTree(regenerated.contentUtf8()).at("/completion/choices/0/message/content/0/text")
                       .asText()).isEqualTo("re: second");
        assertThat(upstream.lastSent()).containsExactly("system: Sys.", "user: first", "assistant: re: first",
                                                        "user: second");

        conversations().regenerateConversation(RegenerateConversationRequest.newBuilder().setId(id).build());
        final List<ConversationMessage> current = history(id, false);
        assertThat(current).hasSize(4);
        assertThat(current.get(3).getVersion()).isEqualTo(3);
        final List<ConversationMessage> all = history(id, true);
        assertThat(all).hasSize(6);
        assertThat(all.subList(3, 6)).extracting(ConversationMessage::getVersion).containsExactly(1, 2, 3);
        assertThat(all.subList(3, 6)).extracting(ConversationMessage::getSuperseded)
                                     .containsExactly(true, true, false);
        assertThat(all.get(5).getInferenceId()).isNotEqualTo(all.get(3).getInferenceId());
        assertThat(conversations().getConversation(GetConversationRequest.newBuilder().setId(id).build())
                                  .getConversation().getTurnCount()).isEqualTo(2);
    }

    @Test
    void aStreamCancelledHalfwayStoresNothingAndFreesTheConversation() throws Exception {
        final String id = create("", ConversationLimits.getDefaultInstance());
        chat().createChatCompletion(turn(id, "kept"));
        final WsClient ws = WsClient.connect(gateway.uri(SessionProtocol.H1C));
        try {
            ws.request("h", turn(id, "hold on").getChat());
            assertThat(ws.next().path("type").asText()).isEqualTo("chat.chunk");
            ws.cancel("h");
            final List<JsonNode> rest = WebSocketTest.untilEnded(ws, "h").get("h");
            assertThat(rest.get(rest.size() - 1).at("/error/grpc-code").asText()).isEqualTo("CANCELLED");
        } finally {
            ws.close();
        }
        assertThat(upstream.heldEnded().get(10, TimeUnit.SECONDS)).as("the upstream stream was cut").isNotNull();
        chat().createChatCompletion(turn(id, "after"));
        assertThat(upstream.lastSent()).containsExactly("user: kept", "assistant: re: kept", "user: after");
        assertThat(texts(history(id, true))).containsExactly("kept", "re: kept", "after", "re: after");
    }

    @Test
    void aStuckStreamHoldsTheConversationNoLongerThanItsDeadline() {
        final String id = create("", ConversationLimits.getDefaultInstance());
        final var held = chat().withDeadlineAfter(1, TimeUnit.SECONDS).streamChatCompletion(
                StreamChatCompletionRequest.newBuilder().setChat(turn(id, "hold and never end").getChat()).build());
        assertThat(held.next().getChoicesCount()).isEqualTo(1); // the stream is open; then nobody reads it

        final CreateChatCompletionResponse next = chat().createChatCompletion(turn(id, "next"));
        assertThat(next.getGateway().getConversation().getMessagesIncluded()).isZero();
        assertThat(upstream.lastSent()).containsExactly("user: next");
        assertThat(texts(history(id, true))).containsExactly("next", "re: next");
    }

    @Test
    void concurrentTurnsOnOneConversationAreOrderedWholeAndNoneIsLost() throws Exception {
        final String id = create("", ConversationLimits.newBuilder().setMaxPairs(1000).build());
        final ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            final List<Future<CreateChatCompletionResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final String text = "turn " + i;
                answers.add(threads.submit(() -> chat().createChatCompletion(turn(id, text))));
            }
            for (Future<CreateChatCompletionResponse> answer : answers) {
                assertThat(answer.get().getChoicesCount()).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
        final List<ConversationMessage> history = history(id, false);
        assertThat(history).hasSize(16);
        for (int i = 0; i < 16; i += 2) {
            final String asked = texts(history).get(i);
            assertThat(texts(history).get(i + 1)).isEqualTo("re: " + asked);
            assertThat(history.get(i).getTurn()).isEqualTo(history.get(i + 1).getTurn()).isEqualTo(i / 2 + 1);
        }
        // Each turn was sent with every turn stored before it: the k-th request carried k - 1 exchanges.
        final List<JsonNode> requests = upstream.requests();
        assertThat(requests).hasSize(8);
        for (int k = 0; k < 8; k++) {
            assertThat(ConversationUpstream.sent(requests.get(k))).hasSize(2 * k + 1);
        }
    }

    @Test
    void badInputIsAClear4xx() throws Exception {
        final AggregatedHttpResponse unknown = rest(HttpMethod.POST, "/api/v1/chat/completions",
                "{\"conversationId\": \"conv_nope\", \"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": "
                + "\"ROLE_USER\", \"content\": [{\"text\": \"hi\"}]}]}");
        assertThat(unknown.status().code()).isEqualTo(404);
        assertThat(unknown.contentUtf8()).contains("conv_nope");
        assertThat(rest(HttpMethod.GET, "/api/v1/conversations/conv_nope", null).status().code()).isEqualTo(404);
        final AggregatedHttpResponse badToken = rest(HttpMethod.GET, "/api/v1/conversations?page.page_token=zzz",
                                                     null);
        assertThat(badToken.status().code()).isEqualTo(400);
        assertThat(badToken.contentUtf8()).contains("page_token");
        final AggregatedHttpResponse negative = rest(HttpMethod.POST, "/api/v1/conversations",
                                                     "{\"limits\": {\"maxPairs\": -1}}");
        assertThat(negative.status().code()).isEqualTo(400);
        assertThat(negative.contentUtf8()).contains("max_pairs");
        final String id = create("", ConversationLimits.getDefaultInstance());
        assertThatThrownBy(() -> conversations().regenerateConversation(
                RegenerateConversationRequest.newBuilder().setId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
        final AggregatedHttpResponse noTurn = rest(HttpMethod.POST, "/api/v1/chat/completions",
                "{\"conversationId\": \"" + id + "\", \"messages\": [{\"role\": \"ROLE_SYSTEM\", "
                + "\"content\": [{\"text\": \"only a system message\"}]}]}");
        assertThat(noTurn.status().code()).isEqualTo(400);
        assertThat(noTurn.contentUtf8()).contains("new turn");
        assertThat(upstream.requests()).isEmpty();
    }

    static String create(String systemPrompt, ConversationLimits limits) {
        return conversations().createConversation(CreateConversationRequest.newBuilder().setConversation(
                Conversation.newBuilder().setTitle("test").setSystemPrompt(systemPrompt).setModel("gpt-4o-mini")
                            .setLimits(limits)).build()).getConversation().getId();
    }

    static CreateChatCompletionRequest turn(String id, String text) {
        final ChatRequest asked = ask("", text);
        return CreateChatCompletionRequest.newBuilder().setChat(asked.toBuilder().setConversationId(id)).build();
    }

    private static List<ConversationMessage> history(String id, boolean superseded) {
        return conversations().listConversationMessages(ListConversationMessagesRequest.newBuilder().setId(id)
                                                                                       .setIncludeSuperseded(superseded)
                                                                                       .build()).getMessagesList();
    }

    private static List<String> texts(List<ConversationMessage> messages) {
        return messages.stream().map(m -> m.getMessage().getContent(0).getText()).toList();
    }

    private static ConversationServiceGrpc.ConversationServiceBlockingStub conversations() {
        return GrpcClients.newClient(gateway.httpUri(), ConversationServiceGrpc.ConversationServiceBlockingStub.class);
    }

    private static ChatServiceGrpc.ChatServiceBlockingStub chat() {
        return GrpcClients.newClient(gateway.httpUri(), ChatServiceGrpc.ChatServiceBlockingStub.class);
    }

    private static synchronized OpenAIClient openAi() {
        if (openAi == null) {
            openAi = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey(SDK_KEY).build();
        }
        return openAi;
    }

    private static AggregatedHttpResponse rest(HttpMethod method, String path, String body) {
        final RequestHeaders headers = RequestHeaders.builder(method, path).contentType(MediaType.JSON).build();
        final HttpRequest request = body == null ? HttpRequest.of(headers)
                                                 : HttpRequest.of(headers, HttpData.ofUtf8(body));
        return WebClient.of(gateway.httpUri()).execute(request).aggregate().join();
    }
}
