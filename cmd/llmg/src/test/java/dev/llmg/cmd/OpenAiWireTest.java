package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * The exact JSON and Server-Sent Events framing of the OpenAI-compatible API, read as raw HTTP: what an SDK
 * parses, field by field.
 */
class OpenAiWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private static AggregatedHttpResponse post(String path, String body) {
        return OpenAiWireTestSupport.post(gateway, path, body);
    }

    private static JsonNode json(AggregatedHttpResponse response) throws Exception {
        return JSON.readTree(response.contentUtf8());
    }

    @Test
    void unaryAnswerHasOpenAisFieldsAndLlmgsMetadata() throws Exception {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"system\",\"content\":\"terse\"},"
                + "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"Hi \"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\",\"detail\":\"low\"}},"
                + "{\"type\":\"text\",\"text\":\"there\"}]}],\"unknown_field\":{\"ignored\":true},\"logprobs\":false}");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentType().isJson()).isTrue();
        final JsonNode body = json(response);
        assertThat(body.get("object").asText()).isEqualTo("chat.completion");
        assertThat(body.get("id").asText()).startsWith("chatcmpl-");
        assertThat(body.get("created").isIntegralNumber()).isTrue();
        final JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(choice.get("message").get("content").asText()).isEqualTo("Hi \nthere");
        assertThat(choice.get("message").get("refusal").isNull()).isTrue();
        final JsonNode usage = body.get("usage");
        assertThat(usage.get("total_tokens").asInt())
                .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").isInt()).isTrue();
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").isInt()).isTrue();
        assertThat(body.at("/llmg/provider").asText()).isEqualTo("simulator");
        assertThat(body.at("/llmg/request_id").asText()).isEqualTo(response.headers().get("x-request-id"));
    }

    @Test
    void streamIsFramedAsOpenAiFramesIt() throws Exception {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentType().toString()).startsWith("text/event-stream");
        final List<String> events = events(response.contentUtf8());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        final List<JsonNode> chunks = chunks(events);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
            assertThat(chunk.get("choices").size()).as("no usage-only chunk without include_usage").isOne();
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(chunks.subList(1, chunks.size())).noneMatch(chunk -> chunk.at("/choices/0/delta").has("role"));
        final StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.at("/choices/0/delta/content").asText("")));
        assertThat(text.toString()).isEqualTo("a b c");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamEndsWithAUsageOnlyChunkWhenAskedFor() throws Exception {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");
        final List<JsonNode> chunks = chunks(events(response.contentUtf8()));
        final JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.get("choices").isArray()).isTrue();
        assertThat(last.get("choices").size()).isZero();
        assertThat(last.at("/usage/completion_tokens").asInt()).isPositive();
        assertThat(last.at("/llmg/provider").asText()).isEqualTo("simulator");
        assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(chunk -> chunk.has("usage"));
    }

    @Test
    void streamedToolCallsCarryIdAndNameFirstThenArgumentsByIndex() throws Exception {
        final AggregatedHttpResponse response = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Paris\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],\"tool_choice\":\"required\"}");
        final List<JsonNode> calls = new ArrayList<>();
        String finish = null;
        for (JsonNode chunk : chunks(events(response.contentUtf8()))) {
            chunk.at("/choices/0/delta/tool_calls").forEach(calls::add);
            if (chunk.at("/choices/0/finish_reason").isTextual()) {
                finish = chunk.at("/choices/0/finish_reason").asText();
            }
        }
        assertThat(calls.get(0).get("index").asInt()).isZero();
        assertThat(calls.get(0).get("id").asText()).isNotEmpty();
        assertThat(calls.get(0).get("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        final StringBuilder arguments = new StringBuilder();
        calls.forEach(call -> arguments.append(call.at("/function/arguments").asText()));
        assertThat(calls.subList(1, calls.size())).allSatisfy(call -> {
            assertThat(call.has("id")).isFalse();
            assertThat(call.get("index").asInt()).isZero();
        });
        assertThat(JSON.readTree(arguments.toString()).get("city").asText()).isEqualTo("Paris");
        assertThat(finish).isEqualTo("tool_calls");
    }

    @Test
    void legacyFunctionsAreAnsweredTheLegacyWay() throws Exception {
        final String request = "{\"model\":\"sim-echo\",%s\"messages\":[{\"role\":\"user\",\"content\":\"Oslo\"}],"
                + "\"functions\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}}}}],\"function_call\":{\"name\":\"get_weather\"}}";
        final JsonNode unary = json(post("/v1/chat/completions", String.format(request, "")));
        assertThat(unary.at("/choices/0/finish_reason").asText()).isEqualTo("function_call");
        assertThat(unary.at("/choices/0/message/function_call/name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(unary.at("/choices/0/message/function_call/arguments").asText()).get("city").asText())
                .isEqualTo("Oslo");
        assertThat(unary.at("/choices/0/message").has("tool_calls")).isFalse();

        final List<JsonNode> chunks = chunks(events(post("/v1/chat/completions",
                                                         String.format(request, "\"stream\":true,")).contentUtf8()));
        final StringBuilder arguments = new StringBuilder();
        chunks.forEach(chunk -> arguments.append(chunk.at("/choices/0/delta/function_call/arguments").asText("")));
        assertThat(chunks.get(0).at("/choices/0/delta/function_call/name").asText()).isEqualTo("get_weather");
        assertThat(JSON.readTree(arguments.toString()).get("city").asText()).isEqualTo("Oslo");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("function_call");
    }

    @Test
    void legacyFunctionResultsPairWithTheirCalls() throws Exception {
        final JsonNode body = json(post("/v1/chat/completions", "{\"model\":\"sim-echo\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Oslo\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
                + "{\"role\":\"function\",\"name\":\"get_weather\",\"content\":\"sunny\"}],"
                + "\"functions\":[{\"name\":\"get_weather\"}]}"));
        // With the function's result in, the simulator answers in words instead of calling again.
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void embeddingsAreTheSameInFloatsAndBase64() throws Exception {
        final JsonNode floats = json(post("/v1/embeddings",
                "{\"model\":\"sim-echo\",\"input\":\"same text\",\"dimensions\":8}"));
        final JsonNode base64 = json(post("/v1/embeddings",
                "{\"model\":\"sim-echo\",\"input\":[\"same text\"],\"dimensions\":8,\"encoding_format\":\"base64\"}"));
        assertThat(floats.get("object").asText()).isEqualTo("list");
        assertThat(floats.at("/data/0/object").asText()).isEqualTo("embedding");
        assertThat(floats.at("/usage/prompt_tokens").asInt()).isEqualTo(floats.at("/usage/total_tokens").asInt());
        final ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(base64.at("/data/0/embedding").asText()))
                                             .order(ByteOrder.LITTLE_ENDIAN);
        final JsonNode values = floats.at("/data/0/embedding");
        assertThat(values.size()).isEqualTo(8);
        for (JsonNode value : values) {
            assertThat(decoded.getFloat()).isEqualTo((float) value.asDouble());
        }
    }

    /** Splits an event stream into its events' data, checking that each is a single {@code data:} line. */
    static List<String> events(String stream) {
        assertThat(stream).endsWith("\n\n");
        final List<String> events = new ArrayList<>();
        for (String event : stream.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            events.add(event.substring("data: ".length()));
        }
        return events;
    }

    private static List<JsonNode> chunks(List<String> events) throws Exception {
        final List<JsonNode> chunks = new ArrayList<>();
        for (String event : events.subList(0, events.size() - 1)) {
            chunks.add(JSON.readTree(event));
        }
        return chunks;
    }
}
