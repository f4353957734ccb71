package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.FieldMask;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateConversationRequest;
import dev.llmg.api.gateway.v1.DeleteConversationRequest;
import dev.llmg.api.gateway.v1.GetConversationRequest;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.ListConversationsRequest;
import dev.llmg.api.gateway.v1.RegenerateConversationRequest;
import dev.llmg.api.gateway.v1.UpdateConversationRequest;
import dev.llmg.api.json.v1.PageRequest;
import dev.llmg.internal.auth.ApiKeys;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * With keys: a caller sees and uses only its own conversations (another's is NOT_FOUND on every method and as a
 * chat's conversation), an admin sees all, listings page and filter by end user, and updates change what they name.
 */
@Timeout(60)
class ConversationIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = ApiKeys.generate();
    private static final String BOB = ApiKeys.generate();
    private static final String ADMIN = ApiKeys.generate();

    @RegisterExtension
    @Order(1)
    static final ConversationUpstream upstream = new ConversationUpstream();

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> upstream.gatewayConfig(String.join("\n",
            "auth: {required: true, admin_keys: [" + ApiKeys.hash(ADMIN) + "]}",
            "conversations: {max_pairs: 20, max_context_tokens: 8000}",
            "tenants:",
            "  - name: acme",
            "    teams: [{name: t, groups: [{name: g, upstream: gpt-4o-mini, endpoints: [",
            "      {name: alice, keys: [" + ApiKeys.hash(ALICE) + "]},",
            "      {name: bob, keys: [" + ApiKeys.hash(BOB) + "]}]}]}]")));

    @BeforeEach
    void freshUpstream() {
        upstream.reset();
    }

    @Test
    void anotherCallersConversationIsNotFoundEverywhere() {
        final String id = conversations(ALICE).createConversation(CreateConversationRequest.newBuilder()
                .setConversation(Conversation.newBuilder().setTitle("alice's")).build()).getConversation().getId();
        chat(ALICE).createChatCompletion(turn(id, "hello"));

        final ConversationServiceGrpc.ConversationServiceBlockingStub bob = conversations(BOB);
        notFound(() -> bob.getConversation(GetConversationRequest.newBuilder().setId(id).build()));
        notFound(() -> bob.listConversationMessages(ListConversationMessagesRequest.newBuilder().setId(id).build()));
        notFound(() -> bob.regenerateConversation(RegenerateConversationRequest.newBuilder().setId(id).build()));
        notFound(() -> bob.deleteConversation(DeleteConversationRequest.newBuilder().setId(id).build()));
        notFound(() -> bob.updateConversation(UpdateConversationRequest.newBuilder().setConversation(
                Conversation.newBuilder().setId(id).setTitle("mine now")).build()));
        notFound(() -> chat(BOB).createChatCompletion(turn(id, "let me in")));
        assertThat(upstream.requests()).as("bob's turn never reached a provider").hasSize(1);

        assertThat(conversations(ADMIN).getConversation(GetConversationRequest.newBuilder().setId(id).build())
                                       .getConversation().getTitle()).isEqualTo("alice's");
        assertThat(conversations(ALICE).listConversationMessages(ListConversationMessagesRequest.newBuilder()
                .setId(id).build()).getMessagesCount()).isEqualTo(2);
    }

    @Test
    void listsOnlyTheCallersOwnPageByPageAndByEndUser() throws Exception {
        final List<String> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(conversations(ALICE).createConversation(CreateConversationRequest.newBuilder().setConversation(
                    Conversation.newBuilder().setTitle("c" + i).setEndUserId(i % 2 == 0 ? "even" : "odd")).build())
                                         .getConversation().getId());
        }
        final String bobs = conversations(BOB).createConversation(CreateConversationRequest.newBuilder()
                .setConversation(Conversation.newBuilder().setEndUserId("even")).build()).getConversation().getId();

        final List<String> listed = new ArrayList<>();
        String token = "";
        do {
            final AggregatedHttpResponse page = rest(ALICE, HttpMethod.GET,
                    "/api/v1/conversations?page.page_size=2&page.page_token=" + token, null);
            assertThat(page.status().code()).as(page.contentUtf8()).isEqualTo(200);
            final JsonNode body = JSON.readTree(page.contentUtf8());
            body.path("conversations").forEach(c -> listed.add(c.path("id").asText()));
            token = body.at("/page/nextPageToken").asText();
        } while (!token.isEmpty());
        assertThat(listed).containsAll(mine).doesNotContain(bobs);
        final List<String> newestFirst = new ArrayList<>(mine);
        Collections.reverse(newestFirst);
        assertThat(listed.subList(0, 5)).as("newest first").containsExactlyElementsOf(newestFirst);

        final List<String> even = conversations(ALICE).listConversations(ListConversationsRequest.newBuilder()
                .setEndUserId("even").setPage(PageRequest.newBuilder().setPageSize(100)).build())
                .getConversationsList().stream().map(Conversation::getId).toList();
        assertThat(even).contains(mine.get(0), mine.get(2), mine.get(4)).doesNotContain(mine.get(1), bobs);
        assertThat(conversations(ADMIN).listConversations(ListConversationsRequest.newBuilder()
                .setEndUserId("even").setPage(PageRequest.newBuilder().setPageSize(100)).build())
                .getConversationsList()).extracting(Conversation::getId).contains(bobs, mine.get(0));
    }

    @Test
    void updatesWhatTheMaskNamesAndNextTurnsUseIt() throws Exception {
        final String id = conversations(ALICE).createConversation(CreateConversationRequest.newBuilder()
                .setConversation(Conversation.newBuilder().setTitle("old").setSystemPrompt("Old prompt.")
                                             .putMetadata("k", "v")).build()).getConversation().getId();
        final Conversation renamed = conversations(ALICE).updateConversation(UpdateConversationRequest.newBuilder()
                .setConversation(Conversation.newBuilder().setId(id).setTitle("new").setSystemPrompt("ignored"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()).getConversation();
        assertThat(renamed.getTitle()).isEqualTo("new");
        assertThat(renamed.getSystemPrompt()).isEqualTo("Old prompt.");
        assertThat(renamed.getMetadataMap()).containsEntry("k", "v");

        final AggregatedHttpResponse patched = rest(ALICE, HttpMethod.PATCH, "/api/v1/conversations/" + id,
                "{\"systemPrompt\": \"New prompt.\", \"limits\": {\"maxPairs\": 1}}");
        assertThat(patched.status().code()).as(patched.contentUtf8()).isEqualTo(200);
        assertThat(JSON.readTree(patched.contentUtf8()).at("/conversation/title").asText()).isEqualTo("new");
        chat(ALICE).createChatCompletion(turn(id, "hi"));
        assertThat(upstream.lastSent()).containsExactly("system: New prompt.", "user: hi");

        final AggregatedHttpResponse badMask = rest(ALICE, HttpMethod.PATCH,
                "/api/v1/conversations/" + id + "?update_mask=owner", "{\"title\": \"x\"}");
        assertThat(badMask.status().code()).isEqualTo(400);
        assertThat(badMask.contentUtf8()).contains("update_mask");

        assertThat(rest(ALICE, HttpMethod.DELETE, "/api/v1/conversations/" + id, null).status().code())
                .isEqualTo(200);
        assertThat(rest(ALICE, HttpMethod.GET, "/api/v1/conversations/" + id, null).status().code()).isEqualTo(404);
    }

    private static void notFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).contains("no conversation");
        });
    }

    private static CreateChatCompletionRequest turn(String id, String text) {
        return ConversationsTest.turn(id, text);
    }

    private static ConversationServiceGrpc.ConversationServiceBlockingStub conversations(String key) {
        return GrpcClients.builder(gateway.httpUri()).addHeader("authorization", "Bearer " + key)
                          .build(ConversationServiceGrpc.ConversationServiceBlockingStub.class);
    }

    private static ChatServiceGrpc.ChatServiceBlockingStub chat(String key) {
        return GrpcClients.builder(gateway.httpUri()).addHeader("authorization", "Bearer " + key)
                          .build(ChatServiceGrpc.ChatServiceBlockingStub.class);
    }

    private static AggregatedHttpResponse rest(String key, HttpMethod method, String path, String body) {
        final RequestHeaders headers = RequestHeaders.builder(method, path).contentType(MediaType.JSON)
                                                     .add("authorization", "Bearer " + key).build();
        return WebClient.of(gateway.httpUri()).execute(body == null ? HttpRequest.of(headers)
                                                                     : HttpRequest.of(headers, HttpData.ofUtf8(body)))
                        .aggregate().join();
    }
}
