package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;

/**
 * An upstream that repeats the finish reason (again on an empty chunk, and beside the usage, as some
 * OpenAI-compatible servers do) still finishes the alternative once for the caller, with its text and usage whole.
 */
class RepeatedFinishTest {

    @RegisterExtension
    @Order(1)
    static final ServerExtension upstream = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                    ResponseHeaders.of(HttpStatus.OK, "content-type", "text/event-stream"), HttpData.ofUtf8(String.join(
                            "\n\n",
                            chunk("{\"role\":\"assistant\",\"content\":\"Hello\"}", null, ""),
                            chunk("{\"content\":\" there\"}", "\"stop\"", ""),
                            chunk("{}", "\"stop\"", ""),
                            chunk("{}", "\"stop\"", ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                                                    + "\"total_tokens\":5}"),
                            "data: [DONE]", ""))));
        }
    };

    @RegisterExtension
    @Order(2)
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            "  repeating:",
            "    type: openai-compatible",
            "    base_url: " + upstream.httpUri() + "/v1",
            "models:",
            "  - name: repeating",
            "    provider: repeating",
            "    provider_model: some-model",
            ""));

    private static String chunk(String delta, String finish, String usage) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"some-model\","
               + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]" + usage + '}';
    }

    @Test
    void theAlternativeFinishesOnceWithItsTextAndUsageWhole() {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        LlmgClient.connect(gateway.httpUri()).stream(TestGateway.ask("repeating", "hi")).forEachRemaining(pieces::add);

        final List<FinishReason> finishes = pieces.stream().flatMap(piece -> piece.getChoicesList().stream())
                                                  .map(ChoiceDelta::getFinishReason)
                                                  .filter(reason -> reason != FinishReason.FINISH_REASON_UNSPECIFIED)
                                                  .toList();
        assertThat(finishes).containsExactly(FinishReason.FINISH_REASON_STOP);
        assertThat(pieces.stream().flatMap(piece -> piece.getChoicesList().stream())
                         .map(choice -> choice.getDelta().getContent())).containsSubsequence("Hello", " there");
        assertThat(pieces.get(pieces.size() - 1).getUsage().getTotalTokens()).isEqualTo(5);
    }
}
