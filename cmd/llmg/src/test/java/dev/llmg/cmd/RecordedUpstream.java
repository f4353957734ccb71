package dev.llmg.cmd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Plays Anthropic ({@code /anthropic/v1/messages}), Azure OpenAI ({@code /azure/openai/v1/chat/completions}),
 * Gemini ({@code /gemini/v1beta/models/gemini-2.5-flash:...}) and Bedrock
 * ({@code /bedrock/model/us.amazon.nova-2-lite-v1:0/converse}, signed requests only) on loopback with recorded
 * answers: a streaming request gets the recorded event stream in small chunks, any other the recorded JSON.
 */
class RecordedUpstream extends ServerExtension {

    @Override
    protected void configure(ServerBuilder sb) {
        sb.service("/anthropic/v1/messages", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(
                request -> replay("anthropic-messages-tool-use", request.contentUtf8(), "request-id", "req_anthropic"))));
        sb.service("/azure/openai/v1/chat/completions", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(
                request -> replay("azure-chat-basic", request.contentUtf8(), "apim-request-id", "apim-azure"))));
        // Gemini says by the method, not the body, whether to stream.
        sb.service("/gemini/v1beta/models/gemini-2.5-flash:generateContent", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON).build(),
                HttpData.wrap(read("/fixtures/gemini-generate-tool-call-0.response.json"))));
        sb.service("/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).build(),
                StreamMessage.of(chunks(read("/fixtures/gemini-stream-tool-call-0.response.sse")))));
        // Bedrock, signed with SigV4: a request without a signature is refused as AWS refuses it.
        sb.service("exact:/bedrock/model/us.amazon.nova-2-lite-v1:0/converse", (ctx, req) -> signedOnly(req,
                ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.JSON)
                               .add("x-amzn-requestid", "req-bedrock").build(),
                StreamMessage.of(HttpData.wrap(read("/fixtures/bedrock-converse-tool-use-0.response.json")))));
        // No recorded ConverseStream calls a tool: these frames follow its documented shape.
        sb.service("exact:/bedrock/model/us.amazon.nova-2-lite-v1:0/converse-stream", (ctx, req) -> signedOnly(req,
                ResponseHeaders.builder(HttpStatus.OK)
                               .contentType(MediaType.parse("application/vnd.amazon.eventstream")).build(),
                StreamMessage.of(chunks(bedrockToolStream()))));
    }

    private static HttpResponse signedOnly(HttpRequest req, ResponseHeaders headers,
                                           StreamMessage<HttpData> body) {
        if (!req.headers().get("authorization", "").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLELLMG12345/")
            || !req.headers().contains("x-amz-date")) {
            return HttpResponse.of(ResponseHeaders.builder(HttpStatus.FORBIDDEN).contentType(MediaType.JSON)
                                                  .add("x-amzn-errortype", "MissingAuthenticationTokenException")
                                                  .build(),
                                   HttpData.ofUtf8("{\"message\":\"Missing Authentication Token\"}"));
        }
        return HttpResponse.of(headers, body);
    }

    /** A ConverseStream answer calling the weather tool, its input in two fragments, written with the SDK. */
    private static byte[] bedrockToolStream() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final String[][] events = {
                {"messageStart", "{\"role\":\"assistant\"}"},
                {"contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":"
                                      + "\"tooluse_LgMMvpk0bGGJIMB3zYgYmg\",\"name\":\"weather\"}}}"},
                {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":"
                                      + "\"{\\\"latitude\\\":\\\"52.5200\\\",\"}}}"},
                {"contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":"
                                      + "\"\\\"longitude\\\":\\\"13.4050\\\"}\"}}}"},
                {"contentBlockStop", "{\"contentBlockIndex\":0}"},
                {"messageStop", "{\"stopReason\":\"tool_use\"}"},
                {"metadata", "{\"usage\":{\"inputTokens\":986,\"outputTokens\":42,\"totalTokens\":1028}}"}};
        for (String[] event : events) {
            final Map<String, HeaderValue> headers = new LinkedHashMap<>();
            headers.put(":event-type", HeaderValue.fromString(event[0]));
            headers.put(":content-type", HeaderValue.fromString("application/json"));
            headers.put(":message-type", HeaderValue.fromString("event"));
            final ByteBuffer frame = new Message(
                    headers, event[1].getBytes(StandardCharsets.UTF_8)).toByteBuffer();
            final byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** Returns the gateway configuration with a Claude model and an Azure model served from here. */
    String gatewayConfig() {
        return String.join("\n",
                "providers:",
                "  anthropic:",
                "    type: anthropic",
                "    base_url: " + httpUri() + "/anthropic/v1",
                "    api_key: sk-ant-test",
                "  azure:",
                "    type: azure",
                "    endpoint: " + httpUri() + "/azure",
                "    url_style: v1",
                "    api_key: azure-test-key",
                "    deployments:",
                "      gpt-5-mini: my-gpt-5-mini",
                "  gemini:",
                "    type: gemini",
                "    base_url: " + httpUri() + "/gemini",
                "    api_key: gemini-test-key",
                "  bedrock:",
                "    type: bedrock",
                "    region: us-east-1",
                "    base_url: " + httpUri() + "/bedrock",
                "    access_key_id: AKIDEXAMPLELLMG12345",
                "    secret_access_key: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "models:",
                "  - name: claude",
                "    provider: anthropic",
                "    provider_model: claude-sonnet-4-20250514",
                "  - name: azure-mini",
                "    provider: azure",
                "    provider_model: gpt-5-mini",
                "  - name: gemini-flash",
                "    provider: gemini",
                "    provider_model: gemini-2.5-flash",
                "  - name: nova",
                "    provider: bedrock",
                "    provider_model: us.amazon.nova-2-lite-v1:0",
                "");
    }

    private static HttpResponse replay(String prefix, String body, String idHeader, String id) {
        final boolean stream = body.contains("\"stream\":true");
        final String file = stream ? (prefix.startsWith("azure") ? "azure-chat-streaming-v1.response.sse"
                                                                  : "anthropic-messages-tool-use-streaming-0.response.sse")
                                   : (prefix.startsWith("azure") ? "azure-chat-basic-v1.response.json"
                                                                  : "anthropic-messages-tool-use-0.response.json");
        final byte[] bytes = read("/fixtures/" + file);
        final ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                                                       .contentType(stream ? MediaType.EVENT_STREAM : MediaType.JSON)
                                                       .add(idHeader, id).build();
        if (!stream) {
            return HttpResponse.of(headers, HttpData.wrap(bytes));
        }
        return HttpResponse.of(headers, StreamMessage.of(chunks(bytes)));
    }

    /** Cuts an event stream into small chunks, so that events straddle them as on a real network. */
    private static HttpData[] chunks(byte[] bytes) {
        final List<HttpData> chunks = new ArrayList<>();
        for (int start = 0; start < bytes.length; start += 97) {
            chunks.add(HttpData.wrap(Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + 97))));
        }
        return chunks.toArray(new HttpData[0]);
    }

    private static byte[] read(String path) {
        try (InputStream in = RecordedUpstream.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
