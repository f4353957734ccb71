package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.text;
import static dev.llmg.internal.providers.replay.Chat.user;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.KEY;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.usage;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.Chat;

/**
 * Replays hand-written answers of OpenAI-compatible servers that hold nulls (or odd fields) where OpenAI
 * itself puts values, and checks that each maps to a sensible canonical response instead of failing.
 */
class OpenAiNullToleranceTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer();

    private static final Message EMPTY_ASSISTANT = Message.newBuilder().setRole(Role.ROLE_ASSISTANT).build();

    @Test
    void nullContentAndNullUsageAndNoId() {
        final CreateChatCompletionResponse response = complete("openai-null-content-null-usage");

        assertThat(response.getId()).isEmpty();
        assertThat(response.getModel()).isEqualTo("gpt-3.5-turbo");
        assertThat(response.getChoicesList()).containsExactly(Choice.newBuilder()
                .setMessage(EMPTY_ASSISTANT)
                .setFinishReason(FinishReason.FINISH_REASON_STOP)
                .build());
        assertThat(response.hasUsage()).as("no usage, so that the gateway can estimate it").isFalse();
    }

    @Test
    void nullMessage() {
        final CreateChatCompletionResponse response = complete("openai-null-message");

        assertThat(response.getId()).isEqualTo("chatcmpl-null-msg");
        assertThat(response.getChoices(0).getMessage()).isEqualTo(EMPTY_ASSISTANT);
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(response.getUsage()).isEqualTo(usage(5, 3, 8, 0, 0));
    }

    @Test
    void nullTokenDetails() {
        final CreateChatCompletionResponse response = complete("openai-null-token-details");

        assertThat(response.getChoices(0).getMessage().getContentList()).containsExactly(text("Hello!"));
        assertThat(response.getUsage()).isEqualTo(usage(10, 5, 15, 0, 0));
    }

    @Test
    void nullUsage() {
        final CreateChatCompletionResponse response = complete("openai-null-usage");

        assertThat(response.getChoices(0).getMessage().getContentList()).containsExactly(text("Hello!"));
        assertThat(response.hasUsage()).isFalse();
    }

    @Test
    void toolCallWithNullFunction() {
        final CreateChatCompletionResponse response = complete("openai-tool-call-null-function");

        assertThat(response.getChoices(0).getMessage().getToolCallsList()).containsExactly(call("call_1", "", ""));
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(response.getUsage()).isEqualTo(usage(5, 3, 8, 0, 0));
    }

    @Test
    void reasoningContentFieldBecomesReasoning() {
        final CreateChatCompletionResponse response = complete("openai-reasoning-content-field");

        assertThat(response.getChoices(0).getMessage()).isEqualTo(Message.newBuilder()
                .setRole(Role.ROLE_ASSISTANT)
                .addContent(text("The answer is 42."))
                .setReasoning("Let me think step by step about this problem.")
                .build());
        assertThat(response.getUsage()).isEqualTo(usage(30, 15, 45, 10, 0).toBuilder()
                                                                        .setCacheCreationInputTokens(5)
                                                                        .build());
    }

    private static CreateChatCompletionResponse complete(String fixture) {
        final OpenAiProvider provider =
                new OpenAiProvider(OpenAiSettings.of("compatible", server.baseUri("edge-cases", fixture), KEY));
        return provider.complete(ChatRequest.newBuilder().setModel("test-model").addMessages(user("Hi")).build(), Attempt.unlimited())
                       .join();
    }
}
