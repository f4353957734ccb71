package dev.llmg.internal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.call.Call;
import dev.llmg.spi.GatewayException;

class ChatContextsTest {

    private final List<String> events = new ArrayList<>();

    @Test
    void withoutStepsTheRequestGoesAsAskedAndNothingIsKept() {
        final ChatRequest asked = ChatRequest.newBuilder().setModel("m").build();
        final ChatTurn turn = new ChatContexts(Set.of()).open(asked, null).join();
        assertThat(turn.request()).isSameAs(asked);
        assertThat(turn.keepsAnswer()).isFalse();
        assertThat(turn.keep(Message.getDefaultInstance())).isCompleted();
    }

    @Test
    void stepsRunInTheirOrderEachOnTheRequestThePreviousOneWidenedAndKeepInThatOrder() {
        final ChatContexts contexts = new ChatContexts(Set.of(new Adding("second", 200, false),
                                                              new Adding("first", 100, false)));
        final ChatTurn turn = contexts.open(ChatRequest.newBuilder().setModel("m").build(), null).join();
        assertThat(turn.request().getMessagesList()).extracting(message -> message.getContent(0).getText())
                                                    .containsExactly("first", "second");
        assertThat(turn.keepsAnswer()).isTrue();
        turn.keep(Message.getDefaultInstance()).join();
        assertThat(events).containsExactly("first kept", "second kept");
    }

    @Test
    void aStepThatCannotOpenAbandonsTheTurnsOpenedBeforeIt() {
        final ChatContexts contexts = new ChatContexts(Set.of(new Adding("first", 100, false),
                                                              new Adding("broken", 200, true)));
        assertThatThrownBy(() -> contexts.open(ChatRequest.getDefaultInstance(), null).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(GatewayException.class);
        assertThat(events).containsExactly("first abandoned");
    }

    @Test
    void abandoningTheTurnAbandonsEveryStep() {
        final ChatTurn turn = new ChatContexts(Set.of(new Adding("first", 100, false),
                                                      new Adding("second", 200, false)))
                .open(ChatRequest.getDefaultInstance(), null).join();
        turn.abandon();
        assertThat(events).containsExactlyInAnyOrder("first abandoned", "second abandoned");
    }

    /** A step that adds one user message with its name, and notes how its turn ends. */
    private final class Adding implements ChatContext.Step {
        private final String name;
        private final int order;
        private final boolean fails;

        Adding(String name, int order, boolean fails) {
            this.name = name;
            this.order = order;
            this.fails = fails;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public CompletableFuture<ChatTurn> open(ChatRequest request, Call call) {
            if (fails) {
                return CompletableFuture.failedFuture(GatewayException.invalidArgument("x", name + " cannot open"));
            }
            final ChatRequest widened = request.toBuilder().addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                    .addContent(ContentPart.newBuilder().setText(name))).build();
            return CompletableFuture.completedFuture(new ChatTurn() {
                @Override
                public ChatRequest request() {
                    return widened;
                }

                @Override
                public boolean keepsAnswer() {
                    return true;
                }

                @Override
                public CompletableFuture<Void> keep(Message answer) {
                    events.add(name + " kept");
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public void abandon() {
                    events.add(name + " abandoned");
                }
            });
        }
    }
}
