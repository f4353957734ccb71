package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.SessionProtocol;

import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Malformed gRPC, gRPC-Web and gRPC-JSON requests, sent as raw HTTP/2 bytes, get a gRPC status that says what
 * was wrong (INVALID_ARGUMENT, RESOURCE_EXHAUSTED or UNIMPLEMENTED, never INTERNAL or UNKNOWN, never an HTTP
 * error), and the gateway keeps answering.
 */
class MalformedGrpcFramesTest {

    private static final int LIMIT = 4096;

    @RegisterExtension
    static final TestGateway gateway = new TestGateway("server: {max_request_length: " + LIMIT + "}\n"
                                                       + TestGateway.SIMULATOR_ONLY);

    private static final String CREATE = "/gatewayapi.v1.ChatService/CreateChatCompletion";
    private static final String STREAM = "/gatewayapi.v1.ChatService/StreamChatCompletion";
    private static final String GRPC = "application/grpc";
    private static final String JSON = "application/grpc+json";
    private static final String WEB = "application/grpc-web";
    private static final String WEB_TEXT = "application/grpc-web-text";

    @AfterEach
    void gatewayStillAnswers() {
        assertThat(LlmgClient.connect(gateway.httpUri()).complete(ask("sim-echo", "still here"))
                             .getChoices(0).getMessage().getContent(0).getText()).isEqualTo("still here");
    }

    static List<Arguments> malformedRequests() throws IOException {
        final byte[] good = CreateChatCompletionRequest.newBuilder().setChat(ask("sim-echo", "hi")).build()
                                                       .toByteArray();
        final List<Arguments> cases = new ArrayList<>();
        for (String path : List.of(CREATE, STREAM)) {
            cases.addAll(List.of(
                    // what, path, content type, body, extra headers, expected status, words the message must hold
                    Arguments.of("not protobuf", path, GRPC, frame(0, new byte[] {-1, -1, 1, 2, 3}), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "protobuf"),
                    Arguments.of("truncated frame", path, GRPC, Arrays.copyOf(frame(0, good), 12), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "complete"),
                    Arguments.of("negative length prefix", path, GRPC, header(0, -5), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "length"),
                    Arguments.of("reserved flag bits", path, GRPC, frame(2, good), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "flag"),
                    Arguments.of("empty body", path, GRPC, new byte[0], List.of(),
                                 Status.Code.INVALID_ARGUMENT, "complete"),
                    Arguments.of("length prefix over the limit", path, GRPC, header(0, 100_000), List.of(),
                                 Status.Code.RESOURCE_EXHAUSTED, "server.max_request_length"),
                    Arguments.of("body over the limit", path, GRPC, frame(0, new byte[LIMIT + 100]), List.of(),
                                 Status.Code.RESOURCE_EXHAUSTED, "server.max_request_length"),
                    Arguments.of("compressed flag, no grpc-encoding", path, GRPC, frame(1, good), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "grpc-encoding"),
                    Arguments.of("gzip flag on a body that is not gzip", path, GRPC, frame(1, good),
                                 List.of("grpc-encoding", "gzip"), Status.Code.INVALID_ARGUMENT, "gzip"),
                    Arguments.of("unsupported grpc-encoding", path, GRPC, frame(1, gzip(good)),
                                 List.of("grpc-encoding", "br"), Status.Code.UNIMPLEMENTED, "br"),
                    Arguments.of("malformed grpc-timeout", path, GRPC, frame(0, good),
                                 List.of("grpc-timeout", "abc"), Status.Code.INVALID_ARGUMENT, "grpc-timeout"),
                    Arguments.of("gRPC-Web, not protobuf", path, WEB, frame(0, new byte[] {-1, 1}), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "protobuf"),
                    Arguments.of("gRPC-Web text, not base64", path, WEB_TEXT, ascii("!!!not base64"), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "base64"),
                    Arguments.of("gRPC-Web text, truncated", path, WEB_TEXT,
                                 Base64.getEncoder().encode(Arrays.copyOf(frame(0, good), 12)), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "complete"),
                    Arguments.of("gRPC-JSON, seed a string", path, JSON, jsonFrame("\"seed\":\"x\""), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "number"),
                    Arguments.of("gRPC-JSON, seed true", path, JSON, jsonFrame("\"seed\":true"), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "number"),
                    Arguments.of("gRPC-JSON, seed an array", path, JSON, jsonFrame("\"seed\":[1]"), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "number"),
                    Arguments.of("gRPC-JSON, seed an object", path, JSON, jsonFrame("\"seed\":{}"), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "number"),
                    Arguments.of("gRPC-JSON, broken JSON", path, JSON, frame(0, ascii("{\"chat\":\n{")), List.of(),
                                 Status.Code.INVALID_ARGUMENT, "JSON")));
        }
        cases.add(Arguments.of("two messages for one request", STREAM, GRPC,
                               concat(frame(0, good), frame(0, good)), List.of(),
                               Status.Code.INVALID_ARGUMENT, "one request message"));
        return cases;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedRequests")
    void malformedRequestGetsAClearStatus(String what, String path, String contentType, byte[] body,
                                          List<String> headers, Status.Code expected, String words) {
        final AggregatedHttpResponse response = post(path, contentType, body, headers);

        assertThat(response.status().code()).as(what + ": " + response.headers()).isEqualTo(200);
        final HttpHeaders trailers = response.trailers().isEmpty() ? response.headers() : response.trailers();
        assertThat(trailers.get("grpc-status")).as(what + ": " + trailers)
                                               .isEqualTo(Integer.toString(expected.value()));
        final String rawMessage = trailers.get("grpc-message", "");
        assertThat(rawMessage).as(what).doesNotContainIgnoringCase("%0A");
        final String message = URLDecoder.decode(rawMessage.replace("+", "%2B"), StandardCharsets.UTF_8);
        assertThat(message).as(what).isNotBlank().contains(words);
        assertNoInternals(what, message);
    }

    @Test
    void aStubSendingTooLargeAMessageGetsResourceExhausted() {
        final ChatServiceBlockingStub stub = GrpcClients.builder(gateway.httpUri())
                                                        .build(ChatServiceBlockingStub.class);
        final CreateChatCompletionRequest big =
                CreateChatCompletionRequest.newBuilder().setChat(ask("sim-echo", "x".repeat(LIMIT * 2))).build();

        final StatusRuntimeException unary = catchThrowableOfType(StatusRuntimeException.class,
                                                                  () -> stub.createChatCompletion(big));
        assertThat(unary.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(unary.getStatus().getDescription()).contains("server.max_request_length");

        final StatusRuntimeException streaming = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub.streamChatCompletion(StreamChatCompletionRequest.newBuilder().setChat(big.getChat())
                                                                           .build()).hasNext());
        assertThat(streaming.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(streaming.getStatus().getDescription()).contains("server.max_request_length");
    }

    /** Asserts that {@code message} shows no Java or library internals. */
    static void assertNoInternals(String what, String message) {
        assertThat(message).as(what).doesNotContain("com.", "java.", "Exception", "armeria", "For input string",
                                                    "[Source", "REDACTED", "\n", "Character ");
    }

    private static AggregatedHttpResponse post(String path, String contentType, byte[] body, List<String> extra) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path)
                                                            .contentType(MediaType.parse(contentType))
                                                            .add("te", "trailers");
        for (int i = 0; i < extra.size(); i += 2) {
            headers.add(extra.get(i), extra.get(i + 1));
        }
        return WebClient.of(SessionProtocol.H2C, gateway.httpEndpoint())
                        .execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate().join();
    }

    private static byte[] jsonFrame(String field) {
        return frame(0, ascii("{\"chat\":{\"model\":\"sim-echo\"," + field
                              + ",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"hi\"}]}]}}"));
    }

    private static byte[] frame(int flags, byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) flags).putInt(message.length).put(message).array();
    }

    private static byte[] header(int flags, int length) {
        return ByteBuffer.allocate(5).put((byte) flags).putInt(length).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
