package dev.llmg.internal.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.ToolCallDelta;
import dev.llmg.api.gateway.v1.Usage;

class OpenAiChunkWriterTest {

    private static final StreamChatCompletionResponse HEADER =
            StreamChatCompletionResponse.newBuilder().setId("c").setModel("m").setCreated(1).build();

    private static StreamChatCompletionResponse piece(Delta delta, FinishReason finish) {
        return HEADER.toBuilder().addChoices(ChoiceDelta.newBuilder().setDelta(delta).setFinishReason(finish)).build();
    }

    private static final StreamChatCompletionResponse LAST = HEADER.toBuilder()
            .setUsage(Usage.newBuilder().setInputTokens(1).setOutputTokens(2).setTotalTokens(3))
            .setGateway(GatewayMetadata.newBuilder().setProvider("p").setRequestId("r")).build();

    @Test
    void addsTheRoleToTheFirstDeltaOfEachChoiceOnly() {
        final OpenAiChunkWriter writer = new OpenAiChunkWriter(false, false);
        final ObjectNode first = writer.write(piece(Delta.newBuilder().setContent("a").build(),
                                                    FinishReason.FINISH_REASON_UNSPECIFIED));
        final ObjectNode second = writer.write(piece(Delta.newBuilder().setContent("b").build(),
                                                     FinishReason.FINISH_REASON_UNSPECIFIED));
        assertThat(first.toString()).contains("\"delta\":{\"role\":\"assistant\",\"content\":\"a\"}",
                                              "\"finish_reason\":null", "\"object\":\"chat.completion.chunk\"");
        assertThat(second.at("/choices/0/delta").has("role")).isFalse();
    }

    @Test
    void writesToolCallFragmentsAsOpenAiDoes() {
        final OpenAiChunkWriter writer = new OpenAiChunkWriter(false, false);
        final ObjectNode opening = writer.write(piece(Delta.newBuilder().addToolCalls(
                ToolCallDelta.newBuilder().setIndex(1).setId("call_1").setName("f")).build(),
                FinishReason.FINISH_REASON_UNSPECIFIED));
        final ObjectNode more = writer.write(piece(Delta.newBuilder().addToolCalls(
                ToolCallDelta.newBuilder().setIndex(1).setArguments("{\"a\"")).build(),
                FinishReason.FINISH_REASON_UNSPECIFIED));
        assertThat(opening.at("/choices/0/delta/tool_calls/0").toString())
                .isEqualTo("{\"index\":1,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                           + "\"arguments\":\"\"}}");
        assertThat(more.at("/choices/0/delta/tool_calls/0").toString())
                .isEqualTo("{\"index\":1,\"function\":{\"arguments\":\"{\\\"a\\\"\"}}");
    }

    @Test
    void theUsageChunkIsSentOnlyWhenAskedFor() throws Exception {
        assertThat(new OpenAiChunkWriter(false, false).write(LAST)).isNull();
        final ObjectNode last = new OpenAiChunkWriter(true, false).write(LAST);
        assertThat(last.get("choices").size()).isZero();
        assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(3);
        // llmg's metadata is written raw, as protobuf prints it: read it back from the text.
        assertThat(new ObjectMapper().readTree(last.toString()).at("/llmg/provider").asText()).isEqualTo("p");
    }

    @Test
    void legacyCallersGetFunctionCallDeltas() {
        final OpenAiChunkWriter writer = new OpenAiChunkWriter(false, true);
        final ObjectNode opening = writer.write(piece(Delta.newBuilder().addToolCalls(
                ToolCallDelta.newBuilder().setId("call_1").setName("f")).build(), FinishReason.FINISH_REASON_UNSPECIFIED));
        final ObjectNode finish = writer.write(piece(Delta.getDefaultInstance(), FinishReason.FINISH_REASON_TOOL_CALLS));
        assertThat(opening.at("/choices/0/delta/function_call").toString())
                .isEqualTo("{\"name\":\"f\",\"arguments\":\"\"}");
        assertThat(opening.at("/choices/0/delta").has("tool_calls")).isFalse();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("function_call");
    }
}
