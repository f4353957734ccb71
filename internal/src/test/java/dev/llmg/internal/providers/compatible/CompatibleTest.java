package dev.llmg.internal.providers.compatible;

import static dev.llmg.internal.providers.replay.Chat.call;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.ChatProvider;

/**
 * Configures {@code type: openai-compatible} providers from YAML and replays what such servers really send:
 * no usage at all (estimated and marked), empty {@code data:} frames and a repeated finish reason
 * (vLLM-style, served by a synthetic route), a finish reason on a tool-call arguments chunk, usage null until
 * the last chunk; and checks the model alias and the auth header style on the wire.
 */
class CompatibleTest {

    /** A stream as some vLLM and Ollama versions send it: an empty frame, no usage, the finish reason twice. */
    private static final String NO_USAGE_STREAM =
            "data: \n\n"
            + "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"llama\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"think\"},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"llama\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"Hello there\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"llama\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"cmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"llama\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";

    @RegisterExtension
    static final ReplayServer server = new ReplayServer(sb -> sb.service("/vllm/v1/chat/completions",
            (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
                CompatibleTest.server.remember("vllm", request);
                return HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build(),
                                       HttpData.ofUtf8(NO_USAGE_STREAM));
            }))));

    @Test
    void aMissingUsageIsEstimatedAndMarked() {
        final CreateChatCompletionResponse response = provider(server.baseUri("edge-cases", "openai-null-usage"), "")
                .complete(ChatRequest.newBuilder().setModel("m").addMessages(user("What is up today?")).build(), Attempt.unlimited()).join();

        assertThat(response.getUsage().getEstimated()).isTrue();
        assertThat(response.getUsage().getInputTokens()).isPositive();
        assertThat(response.getUsage().getTotalTokens())
                .isEqualTo(response.getUsage().getInputTokens() + response.getUsage().getOutputTokens());
    }

    @Test
    void aStreamWithoutUsageGetsOneEstimateAndTheAliasAndHeaderStyleAreUsed() throws Exception {
        final StreamedAnswer answer = stream(provider(server.baseUri("/vllm/v1"),
                                                      "    auth_header: x-api-key\n    aliases:\n      llama: meta-llama/Llama-3.1-8B\n"),
                                             "llama");

        assertThat(answer.content).hasToString("Hello there");
        assertThat(answer.reasoning).hasToString("think");
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage.getEstimated()).isTrue();
        assertThat(answer.usage.getOutputTokens()).isPositive();
        assertThat(answer.pieces.stream().filter(p -> p.hasUsage()).count()).isEqualTo(1);
        final ReplayServer.ReceivedRequest sent = server.takeRequest("vllm");
        assertThat(sent.json().get("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(sent.headers().get("x-api-key")).isEqualTo("sk-local-0123456789");
        assertThat(sent.headers().contains("authorization")).isFalse();
    }

    @Test
    void aFinishReasonOnTheArgumentsChunkKeepsTheWholeCallAndTheReportedUsageWins() throws Exception {
        final StreamedAnswer answer = stream(provider(server.baseUri("edge-cases",
                                                                     "openai-stream-tool-call-finish-on-args-chunk"), ""),
                                             "m");

        assertThat(answer.toolCalls()).containsExactly(call("call_1", "get_weather", "{}"));
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_TOOL_CALLS);
        assertThat(answer.usage.getEstimated()).isFalse();
        assertThat(answer.usage.getTotalTokens()).isEqualTo(25);
    }

    @Test
    void usageNullUntilTheLastChunkIsNotEstimated() throws Exception {
        final StreamedAnswer answer = stream(provider(server.baseUri("edge-cases", "openai-stream-usage-null-until-last"),
                                                      ""), "m");

        assertThat(answer.usage.getEstimated()).isFalse();
        assertThat(answer.usage.getTotalTokens()).isEqualTo(7);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> create("providers:\n  local:\n    type: openai-compatible\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("base_url");
        assertThatThrownBy(() -> create("providers:\n  local:\n    type: openai-compatible\n"
                                        + "    base_url: http://x/v1\n    estimate_usage: maybe\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("estimate_usage");
        assertThat(create("providers:\n  local:\n    type: openai-compatible\n    base_url: http://x/v1\n"
                          + "    api_key: env:UNSET_KEY_FOR_TEST\n").unavailableReason()).isPresent();
    }

    private static StreamedAnswer stream(ChatProvider provider, String model) throws Exception {
        return new StreamedAnswer(provider.stream(ChatRequest.newBuilder().setModel(model).addMessages(user("hi"))
                                                             .build(), Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS));
    }

    private static ChatProvider provider(URI baseUri, String extraYaml) {
        return create("providers:\n  local:\n    type: openai-compatible\n    base_url: " + baseUri
                      + "\n    api_key: sk-local-0123456789\n" + extraYaml).client().orElseThrow();
    }

    private static ConfiguredProvider create(String yaml) {
        return new CompatibleProviderFactory().create(
                "local", new ConfigLoader(Map.of()).parse(yaml).namedSections("providers").get("local"));
    }
}
