package dev.llmg.internal.conversation;

import static dev.llmg.internal.conversation.ConversationStoreTest.answer;
import static dev.llmg.internal.conversation.ConversationStoreTest.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.knuddels.jtokkit.api.EncodingType;

import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.ToolCall;

/** Trims history by exchanges, by pairs and by tokens, never separating a tool call from its result. */
class ContextWindowTest {

    private static final List<Message> SYSTEM = List.of(Message.newBuilder().setRole(Role.ROLE_SYSTEM)
            .addContent(ContentPart.newBuilder().setText("Be brief.")).build());

    @Test
    void keepsTheNewestPairs() {
        final ContextWindow.Fitted fitted = ContextWindow.fit("c", SYSTEM, history(5), List.of(user("new")), 2,
                                                              100_000, TokenCounter.forModel("gpt-4o"));
        assertThat(texts(fitted.messages())).containsExactly("Be brief.", "q4", "a4", "q5", "a5", "new");
        assertThat(fitted.context().getMessagesIncluded()).isEqualTo(4);
        assertThat(fitted.context().getMessagesDropped()).isEqualTo(6);
        assertThat(fitted.context().getTokenizer()).isEqualTo("o200k_base");
        assertThat(fitted.context().getTokensEstimated()).isFalse();
    }

    @Test
    void dropsTheOldestTurnsToFitTheTokenBudget() {
        final TokenCounter counter = TokenCounter.forModel("some-local-model");
        final List<ConversationMessage> history = history(5);
        final int fixed = counter.count(SYSTEM.get(0)) + counter.count(user("new"));
        final int pair = counter.count(user("q1")) + counter.count(answer("a1"));
        final ContextWindow.Fitted fitted = ContextWindow.fit("c", SYSTEM, history, List.of(user("new")), 50,
                                                              fixed + 2 * pair, counter);
        assertThat(texts(fitted.messages())).containsExactly("Be brief.", "q4", "a4", "q5", "a5", "new");
        assertThat(fitted.context().getContextTokens()).isEqualTo(fixed + 2 * pair);
        assertThat(fitted.context().getTokensEstimated()).isTrue();
        assertThat(fitted.context().getTokenizer()).isEqualTo("estimate");

        final ContextWindow.Fitted none = ContextWindow.fit("c", SYSTEM, history, List.of(user("new")), 50, 1,
                                                            counter);
        assertThat(texts(none.messages())).containsExactly("Be brief.", "new"); // the new turn always goes
        assertThat(none.context().getMessagesDropped()).isEqualTo(10);
    }

    @Test
    void aToolCallKeepsItsResult() {
        final List<ConversationMessage> history = new ArrayList<>();
        history.add(stored(1, user("weather?")));
        history.add(stored(1, Message.newBuilder().setRole(Role.ROLE_ASSISTANT)
                                     .addToolCalls(ToolCall.newBuilder().setId("call_1").setName("weather")
                                                           .setArguments("{}")).build()));
        history.add(stored(2, Message.newBuilder().setRole(Role.ROLE_TOOL).setToolCallId("call_1")
                                     .addContent(ContentPart.newBuilder().setText("sunny")).build()));
        history.add(stored(2, answer("It is sunny.")));
        history.add(stored(3, user("thanks")));
        history.add(stored(3, answer("welcome")));
        assertThat(ContextWindow.exchanges(history)).hasSize(2);
        final ContextWindow.Fitted fitted = ContextWindow.fit("c", List.of(), history, List.of(user("new")), 1,
                                                              100_000, TokenCounter.forModel("gpt-4o"));
        assertThat(texts(fitted.messages())).containsExactly("thanks", "welcome", "new");
        final ContextWindow.Fitted both = ContextWindow.fit("c", List.of(), history, List.of(user("new")), 2,
                                                            100_000, TokenCounter.forModel("gpt-4o"));
        assertThat(both.messages()).hasSize(7);
    }

    @Test
    void choosesOpenAisEncodingByTheModelsName() {
        assertThat(TokenCounter.encodingOf("gpt-4o-mini")).contains(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingOf("openai/gpt-4.1")).contains(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingOf("o3-mini")).contains(EncodingType.O200K_BASE);
        assertThat(TokenCounter.encodingOf("gpt-4-turbo")).contains(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingOf("gpt-3.5-turbo")).contains(EncodingType.CL100K_BASE);
        assertThat(TokenCounter.encodingOf("claude-sonnet-4")).isEmpty();
        assertThat(TokenCounter.forModel("gpt-4o").count(user("hello world"))).isEqualTo(2 + TokenCounter.PER_MESSAGE);
    }

    private static List<ConversationMessage> history(int pairs) {
        final List<ConversationMessage> history = new ArrayList<>();
        for (int i = 1; i <= pairs; i++) {
            history.add(stored(i, user("q" + i)));
            history.add(stored(i, answer("a" + i)));
        }
        return history;
    }

    private static ConversationMessage stored(int turn, Message message) {
        return ConversationMessage.newBuilder().setTurn(turn).setMessage(message).build();
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(m -> m.getContentCount() == 0 ? "" : m.getContent(0).getText()).toList();
    }
}
