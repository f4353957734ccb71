package dev.llmg.internal.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationLimits;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.internal.storage.Database;
import dev.llmg.internal.storage.StorageSettings;
import dev.llmg.internal.testing.PostgresServer;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/** Runs the conversation store on H2 and on a real PostgreSQL, which must answer alike. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = { "h2", "postgres" })
class ConversationStoreTest {

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Parameter
    String backend;

    private String url;
    private Database database;
    private ConversationStore store;

    @BeforeEach
    void open() {
        url = "postgres".equals(backend) ? PostgresServer.shared().newDatabase()
                                         : "jdbc:h2:mem:conversations" + H2_DATABASES.incrementAndGet()
                                           + ";DB_CLOSE_DELAY=-1";
        database = new Database(new StorageSettings(url, "", "", 8, Duration.ofSeconds(5)));
        store = new ConversationStore(database);
    }

    @AfterEach
    void close() {
        if (!database.isPostgres()) {
            database.withHandle(handle -> handle.execute("DROP ALL OBJECTS"));
        }
        database.close();
    }

    @Test
    void readsBackEveryField() {
        store.create(conversation("conv_a", "alice", "acme", T0));
        final StoredConversation found = store.find("conv_a").orElseThrow();
        assertThat(found.owner()).isEqualTo("alice");
        assertThat(found.tenant()).isEqualTo("acme");
        final Conversation c = found.conversation();
        assertThat(c.getTitle()).isEqualTo("Trip");
        assertThat(c.getSystemPrompt()).isEqualTo("Be brief.");
        assertThat(c.getModel()).isEqualTo("gpt-4o-mini");
        assertThat(c.getEndUserId()).isEqualTo("user-1");
        assertThat(c.getMetadataMap()).isEqualTo(Map.of("app", "web", "lang", "pt"));
        assertThat(c.getLimits()).isEqualTo(ConversationLimits.newBuilder().setMaxPairs(3).build());
        assertThat(ConversationRows.instant(c.getCreateTime())).isEqualTo(ConversationRows.micros(T0));
        assertThat(store.find("conv_missing")).isEmpty();
    }

    @Test
    void listsAnOwnersConversationsNewestFirstPageByPage() {
        for (int i = 0; i < 5; i++) {
            store.create(conversation("conv_" + i, "alice", null, T0.plusSeconds(i)));
        }
        store.create(conversation("conv_bob", "bob", null, T0.plusSeconds(10)));
        store.create(conversation("conv_acme", "alice", "acme", T0.plusSeconds(11)));

        final ConversationStore.Page first = store.list("alice", null, "", Optional.empty(), 2);
        assertThat(ids(first)).containsExactly("conv_4", "conv_3");
        final ConversationCursor.After next = ConversationCursor.conversations(first.next().orElseThrow().token())
                                                                .orElseThrow();
        final ConversationStore.Page second = store.list("alice", null, "", Optional.of(next), 10);
        assertThat(ids(second)).containsExactly("conv_2", "conv_1", "conv_0");
        assertThat(second.next()).isEmpty();
        assertThat(ids(store.list(null, null, "", Optional.empty(), 10))).hasSize(7);
        assertThat(ids(store.list("alice", "acme", "", Optional.empty(), 10))).containsExactly("conv_acme");
        assertThat(ids(store.list("alice", null, "nobody", Optional.empty(), 10))).isEmpty();
    }

    @Test
    void appendsTurnsWholeAndNumbersThem() {
        store.create(conversation("conv_a", "alice", null, T0));
        assertThat(store.append("conv_a", List.of(user("one")), answer("1"), "req-1", T0)).isEqualTo(1);
        final Message toolCall = Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                        .addToolCalls(ToolCall.newBuilder().setId("call_1").setName("f")
                                                              .setArguments("{}")).build();
        assertThat(store.append("conv_a", List.of(user("two")), toolCall, "req-2", T0)).isEqualTo(2);
        final Message result = Message.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId("call_1")
                                      .addContent(ContentPart.newBuilder().setText("42")).build();
        assertThat(store.append("conv_a", List.of(result), answer("3"), "req-3", T0)).isEqualTo(3);

        final ConversationStore.History history = store.history("conv_a").orElseThrow();
        assertThat(history.conversation().conversation().getTurnCount()).isEqualTo(3);
        assertThat(history.messages()).extracting(ConversationMessage::getTurn).containsExactly(1, 1, 2, 2, 3, 3);
        assertThat(history.messages().get(3).getMessage()).isEqualTo(toolCall);
        assertThat(history.messages().get(4).getMessage()).isEqualTo(result);
        assertThat(history.messages().get(1).getInferenceId()).isEqualTo("req-1");
    }

    @Test
    void appendingToAConversationDeletedMeanwhileStoresNothing() {
        assertThatThrownBy(() -> store.append("conv_gone", List.of(user("x")), answer("y"), "req", T0))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        store.create(conversation("conv_a", "alice", null, T0));
        store.append("conv_a", List.of(user("one")), answer("1"), "req-1", T0);
        assertThat(store.delete("conv_a")).isTrue();
        assertThat(store.delete("conv_a")).isFalse();
        final int left = database.withHandle(handle -> handle.createQuery(
                "SELECT COUNT(*) FROM conversation_messages").mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @Test
    void regenerateSupersedesTheLastAnswerAndHistoryShowsItWhenAsked() {
        store.create(conversation("conv_a", "alice", null, T0));
        store.append("conv_a", List.of(user("one")), answer("first"), "req-1", T0);
        store.replaceAnswer("conv_a", 1, answer("second"), "req-2", T0);
        store.replaceAnswer("conv_a", 1, answer("third"), "req-3", T0);

        assertThat(texts(store.history("conv_a").orElseThrow().messages())).containsExactly("one", "third");
        final List<ConversationMessage> all = store.messages("conv_a", true, Optional.empty(), 10).messages();
        assertThat(texts(all)).containsExactly("one", "first", "second", "third");
        assertThat(all).extracting(ConversationMessage::getVersion).containsExactly(0, 1, 2, 3);
        assertThat(all).extracting(ConversationMessage::getSuperseded).containsExactly(false, true, true, false);

        store.append("conv_a", List.of(user("two")), answer("2"), "req-4", T0);
        assertThatThrownBy(() -> store.replaceAnswer("conv_a", 1, answer("late"), "req-5", T0))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION));
        assertThat(texts(store.history("conv_a").orElseThrow().messages())).containsExactly("one", "third", "two",
                                                                                            "2");
    }

    @Test
    void pagesMessagesOldestFirst() {
        store.create(conversation("conv_a", "alice", null, T0));
        for (int i = 1; i <= 3; i++) {
            store.append("conv_a", List.of(user("q" + i)), answer("a" + i), "req-" + i, T0);
        }
        final List<String> seen = new ArrayList<>();
        Optional<ConversationCursor.AfterMessage> after = Optional.empty();
        do {
            final ConversationStore.MessagePage page = store.messages("conv_a", false, after, 4);
            seen.addAll(texts(page.messages()));
            after = page.next().map(next -> ConversationCursor.messages(next.token()).orElseThrow());
        } while (after.isPresent());
        assertThat(seen).containsExactly("q1", "a1", "q2", "a2", "q3", "a3");
    }

    /**
     * Two replicas (two pools on one database) append to one conversation at once: every turn is stored, numbered
     * without gaps or repeats, and each turn's messages stay together.
     */
    @Test
    void appendsOfTwoReplicasAreOrderedNeverInterleavedOrLost() throws Exception {
        store.create(conversation("conv_a", "alice", null, T0));
        final Database other = new Database(new StorageSettings(url, "", "", 8, Duration.ofSeconds(5)));
        final List<ConversationStore> replicas = List.of(store, new ConversationStore(other));
        final ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            final List<Future<Integer>> appended = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                final int n = i;
                appended.add(threads.submit(() -> replicas.get(n % 2).append(
                        "conv_a", List.of(user("q" + n), user("more" + n)), answer("a" + n), "req-" + n, T0)));
            }
            final List<Integer> turns = new ArrayList<>();
            for (Future<Integer> turn : appended) {
                turns.add(turn.get());
            }
            assertThat(turns).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.rangeClosed(1, 24).boxed().toList());
        } finally {
            threads.shutdownNow();
            other.close();
        }
        final List<ConversationMessage> history = store.history("conv_a").orElseThrow().messages();
        assertThat(history).hasSize(72);
        for (int i = 0; i < history.size(); i += 3) {
            final String n = text(history.get(i)).substring(1);
            assertThat(texts(history.subList(i, i + 3))).containsExactly("q" + n, "more" + n, "a" + n);
            assertThat(history.subList(i, i + 3)).extracting(ConversationMessage::getTurn)
                                                 .containsOnly(i / 3 + 1);
        }
    }

    private static StoredConversation conversation(String id, String owner, String tenant, Instant created) {
        return new StoredConversation(Conversation.newBuilder()
                                                  .setId(id).setTitle("Trip").setSystemPrompt("Be brief.")
                                                  .setModel("gpt-4o-mini").setEndUserId("user-1")
                                                  .putMetadata("app", "web").putMetadata("lang", "pt")
                                                  .setLimits(ConversationLimits.newBuilder().setMaxPairs(3))
                                                  .setCreateTime(ConversationRows.timestamp(created))
                                                  .setUpdateTime(ConversationRows.timestamp(created))
                                                  .build(), owner, tenant);
    }

    static Message user(String text) {
        return Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(text))
                      .build();
    }

    static Message answer(String text) {
        return Message.newBuilder().setRole(Role.ROLE_ASSISTANT).addContent(ContentPart.newBuilder().setText(text))
                      .build();
    }

    private static List<String> ids(ConversationStore.Page page) {
        return page.conversations().stream().map(stored -> stored.conversation().getId()).toList();
    }

    private static List<String> texts(List<ConversationMessage> messages) {
        return messages.stream().map(ConversationStoreTest::text).toList();
    }

    private static String text(ConversationMessage message) {
        return message.getMessage().getContent(0).getText();
    }
}
