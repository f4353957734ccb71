package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;

class StreamingTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private static final ChatRequest REQUEST = ask("sim-echo", "one two three four five");

    @Test
    void grpcStreamsWordByWordAndEndsWithUsageAndGatewayMetadata() {
        final List<StreamChatCompletionResponse> pieces = collect(LlmgClient.connect(gateway.httpUri()).stream(REQUEST));
        assertStreamedAnswer(pieces);
    }

    @Test
    void grpcWebStreamsTheSameWay() {
        final List<StreamChatCompletionResponse> pieces =
                collect(LlmgClient.connectGrpcWeb(gateway.httpUri()).stream(REQUEST));
        assertStreamedAnswer(pieces);
    }

    private static void assertStreamedAnswer(List<StreamChatCompletionResponse> pieces) {
        final StringBuilder content = new StringBuilder();
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        for (StreamChatCompletionResponse piece : pieces.subList(0, pieces.size() - 1)) {
            assertThat(piece.hasUsage()).as("usage comes on the last piece only: " + pieces).isFalse();
            for (ChoiceDelta choice : piece.getChoicesList()) {
                content.append(choice.getDelta().getContent());
                if (choice.getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                    finish = choice.getFinishReason();
                }
            }
        }
        assertThat(pieces.get(0).getChoices(0).getDelta().getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(pieces.size()).as("one piece per word, plus finish and the last").isGreaterThanOrEqualTo(7);
        assertThat(content.toString()).isEqualTo("one two three four five");
        assertThat(finish).isEqualTo(FinishReason.FINISH_REASON_STOP);
        final StreamChatCompletionResponse last = pieces.get(pieces.size() - 1);
        assertThat(last.getUsage().getOutputTokens()).isPositive();
        assertThat(last.getGateway().getProvider()).isEqualTo("simulator");
        assertThat(last.getId()).isEqualTo(pieces.get(0).getId());
    }

    private static List<StreamChatCompletionResponse> collect(Iterator<StreamChatCompletionResponse> stream) {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        stream.forEachRemaining(pieces::add);
        return pieces;
    }
}
