package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.MessageLite;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;

/**
 * The real gateway in front of a provider that echoes its credential back in every field and header it can
 * ({@link CredentialEchoUpstream}), called on every surface: gRPC unary and streaming (raw, so that the
 * {@code grpc-status-details-bin} trailer is read byte by byte), transcoded REST, the OpenAI-compatible
 * {@code /v1} unary and streaming, SSE and the WebSocket. No provider key may be in any byte a caller
 * receives, headers and trailers included, nor in anything the gateway logs.
 */
@Timeout(60)
class ProviderKeysNeverLeaveTest {

    /** Attached before the servers start, so that start-up logging is captured too. */
    private static final CapturedLog log = CapturedLog.attach();

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Connections for the HTTP calls, apart from the default factory's: a WebSocket handshake offered a pooled
     * HTTP/2 connection of theirs would be refused (405).
     */
    private static final ClientFactory httpConnections = ClientFactory.builder().build();

    @RegisterExtension
    @Order(1)
    static final CredentialEchoUpstream upstream = new CredentialEchoUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(upstream::gatewayConfig);

    /** What the upstream is told to do; every place of an error it can put the credential, across them. */
    private static final List<String> SCENARIOS = List.of(
            "echo reject message,param,code,x-request-id",
            "echo reject type,request-id",
            "echo reject apim-request-id",
            "echo midstream message,param,code,x-request-id",
            "echo midstream type,request-id",
            "echo midstream apim-request-id",
            "echo garbage");

    /** A way in, which returns everything the caller received as text. */
    enum Surface {
        GRPC_UNARY, GRPC_STREAM, REST, OPENAI_UNARY, OPENAI_STREAM, SSE, WEBSOCKET
    }

    static Stream<Arguments> everyWay() {
        return Stream.of("gpt-echo", "azure-echo", "claude-echo").flatMap(model -> SCENARIOS.stream().flatMap(
                scenario -> Stream.of(Surface.values()).map(surface -> Arguments.of(model, scenario, surface))));
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("everyWay")
    void noKeyReachesTheCaller(String model, String scenario, Surface surface) throws Exception {
        final String received = call(surface, ask(model, scenario));

        for (String key : CredentialEchoUpstream.KEYS) {
            assertThat(received).as("what the caller received").doesNotContain(key);
        }
        if (!scenario.contains("garbage")) {
            // The echo did reach the caller, blanked ('<' may be escaped as \u003c in JSON).
            assertThat(received).as("what the caller received").contains("redacted");
        }
    }

    @Test
    void noKeyReachesTheLog() throws Exception {
        // The garbage answer is an internal error, which the gateway logs with its causes.
        for (String model : List.of("gpt-echo", "azure-echo", "claude-echo")) {
            call(Surface.GRPC_UNARY, ask(model, "echo garbage"));
            call(Surface.OPENAI_STREAM, ask(model, "echo garbage"));
        }
        assertThat(log.warnings()).as("internal errors were logged").isPositive();
        assertKeysNotLogged();
    }

    @AfterAll
    static void nothingLoggedInTheWholeClassCarriesAKey() {
        httpConnections.closeAsync();
        try {
            assertKeysNotLogged();
        } finally {
            log.close();
        }
    }

    private static void assertKeysNotLogged() {
        final String text = log.text();
        for (String key : CredentialEchoUpstream.KEYS) {
            assertThat(text).as("the gateway's log").doesNotContain(key);
        }
    }

    private static String call(Surface surface, ChatRequest chat) throws Exception {
        switch (surface) {
            case GRPC_UNARY:
                return grpc(ChatServiceGrpc.getCreateChatCompletionMethod().getFullMethodName(),
                            CreateChatCompletionRequest.newBuilder().setChat(chat).build());
            case GRPC_STREAM:
                return grpc(ChatServiceGrpc.getStreamChatCompletionMethod().getFullMethodName(),
                            StreamChatCompletionRequest.newBuilder().setChat(chat).build());
            case REST:
                return errorOf(post("/api/v1/chat/completions", JsonFormat.printer().print(chat)));
            case OPENAI_UNARY:
                return errorOf(post("/v1/chat/completions", openAiJson(chat, false)));
            case OPENAI_STREAM:
                return streamOf(post("/v1/chat/completions", openAiJson(chat, true)), "\"error\"");
            case SSE:
                return streamOf(post(SseReader.PATH, JsonFormat.printer().print(chat)), "error");
            default:
                return webSocket(chat);
        }
    }

    /** Calls a gRPC method with hand-made frames over HTTP/2, and returns headers, frames and trailers. */
    private static String grpc(String method, MessageLite request) {
        final byte[] message = request.toByteArray();
        final ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length)
                                           .put(message);
        final WebClient client = WebClient.builder(gateway.uri(SessionProtocol.H2C)).factory(httpConnections).build();
        final AggregatedHttpResponse response = client.execute(
                RequestHeaders.builder(HttpMethod.POST, '/' + method)
                              .set(HttpHeaderNames.CONTENT_TYPE, "application/grpc").set(HttpHeaderNames.TE, "trailers")
                              .build(),
                HttpData.wrap(frame.array())).aggregate().join();
        final String status = response.trailers().get("grpc-status", response.headers().get("grpc-status", ""));
        assertThat(status).as("a gRPC error status").isNotEmpty().isNotEqualTo("0");
        return render(response);
    }

    private static AggregatedHttpResponse post(String path, String json) {
        // Built by hand: WebClient would read the ':stream' of the SSE path as a path parameter.
        final WebClient client = WebClient.builder(gateway.httpUri()).factory(httpConnections).build();
        return client.execute(HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8).build(),
                HttpData.ofUtf8(json))).aggregate().join();
    }

    private static String errorOf(AggregatedHttpResponse response) {
        assertThat(response.status().isSuccess()).as("an error status: " + response.contentUtf8()).isFalse();
        return render(response);
    }

    /** Accepts an error status, or a 200 stream that ends with an error event. */
    private static String streamOf(AggregatedHttpResponse response, String errorMark) {
        if (response.status().isSuccess()) {
            assertThat(response.contentUtf8()).as("a stream that ends with an error").contains(errorMark);
        }
        return render(response);
    }

    private static String webSocket(ChatRequest chat) {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        try {
            ws.request("k", chat);
            final List<JsonNode> messages = WebSocketTest.untilEnded(ws, "k").get("k");
            assertThat(messages.get(messages.size() - 1).path("type").asText()).isEqualTo("chat.error");
            return messages.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
        } finally {
            ws.close();
        }
    }

    private static String openAiJson(ChatRequest chat, boolean stream) {
        return JSON.createObjectNode()
                   .put("model", chat.getModel())
                   .put("stream", stream)
                   .set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put(
                           "content", chat.getMessages(0).getContent(0).getText())))
                   .toString();
    }

    /** Renders a response as a caller sees it, with binary and percent-encoded gRPC headers decoded. */
    private static String render(AggregatedHttpResponse response) {
        return render(response.headers()) + '\n' + new String(response.content().array(), StandardCharsets.ISO_8859_1)
               + '\n' + render(response.trailers());
    }

    private static String render(HttpHeaders headers) {
        final StringBuilder text = new StringBuilder();
        for (var header : headers) {
            final String name = header.getKey().toString();
            text.append(name).append(": ").append(header.getValue()).append('\n');
            if (name.endsWith("-bin")) {
                text.append("  decoded: ").append(new String(Base64.getDecoder().decode(header.getValue()),
                                                             StandardCharsets.ISO_8859_1)).append('\n');
            } else if ("grpc-message".equals(name)) {
                text.append("  decoded: ").append(URLDecoder.decode(header.getValue(), StandardCharsets.UTF_8))
                    .append('\n');
            }
        }
        return text.toString();
    }
}
