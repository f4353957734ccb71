package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.Map;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;

/**
 * Asks the gateway for one model on one surface with one scenario word as the user's text, and returns all that
 * came back ({@link Exposure}): the way the credential test sees every byte a caller would.
 */
final class CredentialProbe {

    /** The surfaces the probe calls. */
    enum Surface {
        REST("REST POST /api/v1/chat/completions", false),
        SSE("SSE POST /api/v1/chat/completions:stream", false),
        GRPC("gRPC CreateChatCompletion", false),
        GRPC_STREAM("gRPC StreamChatCompletion", false),
        GRPC_WEB("gRPC-Web CreateChatCompletion", false),
        OPENAI("OpenAI POST /v1/chat/completions", false),
        OPENAI_STREAM("OpenAI POST /v1/chat/completions (stream: true)", false),
        WEBSOCKET("WebSocket chat.request", false),
        REST_EMBEDDINGS("REST POST /api/v1/embeddings", true),
        GRPC_EMBEDDINGS("gRPC CreateEmbeddings", true),
        OPENAI_EMBEDDINGS("OpenAI POST /v1/embeddings", true);

        final String label;
        final boolean embeddings;

        Surface(String label, boolean embeddings) {
            this.label = label;
            this.embeddings = embeddings;
        }
    }

    private final URI gateway;
    private final HttpCalls http;
    private final GrpcWire grpc;

    CredentialProbe(URI gateway) {
        this.gateway = gateway;
        http = new HttpCalls(gateway);
        grpc = new GrpcWire(gateway);
    }

    /** Calls {@code model} on {@code surface} with {@code text} and returns everything that came back. */
    Exposure call(Surface surface, String model, String text) {
        switch (surface) {
            case REST:
                return Exposure.of(post("/api/v1/chat/completions", nativeChat(model, text)));
            case SSE:
                return Exposure.of(post(SseSurface.PATH, nativeChat(model, text)));
            case GRPC:
                return Exposure.of(grpc.post(GrpcWire.Transport.GRPC, GrpcMethodUnderTest.CREATE_CHAT.path(),
                                             GrpcFrames.frame(chatCall(model, text).toByteArray()), Map.of()));
            case GRPC_STREAM:
                return Exposure.of(grpc.post(GrpcWire.Transport.GRPC, GrpcMethodUnderTest.STREAM_CHAT.path(),
                                             GrpcFrames.frame(StreamChatCompletionRequest.newBuilder()
                                                     .setChat(chatCall(model, text).getChat()).build().toByteArray()),
                                             Map.of()));
            case GRPC_WEB:
                return Exposure.of(grpc.post(GrpcWire.Transport.GRPC_WEB, GrpcMethodUnderTest.CREATE_CHAT.path(),
                                             GrpcFrames.frame(chatCall(model, text).toByteArray()), Map.of()));
            case OPENAI:
            case OPENAI_STREAM:
                return Exposure.of(post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":"
                                        + (surface == Surface.OPENAI_STREAM) + ",\"messages\":[{\"role\":\"user\","
                                        + "\"content\":\"" + text + "\"}]}"));
            case WEBSOCKET:
                return webSocket(model, text);
            case REST_EMBEDDINGS:
                return Exposure.of(post("/api/v1/embeddings", "{\"model\":\"" + model + "\",\"inputs\":[\"" + text + "\"]}"));
            case GRPC_EMBEDDINGS:
                return Exposure.of(grpc.post(GrpcWire.Transport.GRPC, GrpcMethodUnderTest.CREATE_EMBEDDINGS.path(),
                                             GrpcFrames.frame(CreateEmbeddingsRequest.newBuilder().setModel(model)
                                                                      .addInputs(text).build().toByteArray()), Map.of()));
            default:
                return Exposure.of(post("/v1/embeddings", "{\"model\":\"" + model + "\",\"input\":\"" + text + "\"}"));
        }
    }

    private AggregatedHttpResponse post(String path, String json) {
        return http.execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                                                         .build(), HttpData.ofUtf8(json)));
    }

    private Exposure webSocket(String model, String text) {
        final HostileSocket socket = HostileSocket.connect(gateway);
        final Exposure exposure = new Exposure();
        try {
            socket.send("{\"type\":\"chat.request\",\"id\":\"probe\",\"chat\":" + nativeChat(model, text) + '}');
            final long deadline = System.currentTimeMillis() + WebSocketSurface.TIMEOUT_MILLIS;
            while (System.currentTimeMillis() < deadline) {
                final HostileSocket.Incoming next = socket.next(Math.max(1, deadline - System.currentTimeMillis()));
                if (next == null || next.ended()) {
                    break;
                }
                exposure.add("WebSocket message", next.text());
                final String type = next.json() == null ? "" : next.json().path("type").asText();
                if (type.equals("chat.done") || type.equals("chat.error") || type.equals("error")) {
                    break;
                }
            }
        } finally {
            socket.close();
        }
        return exposure;
    }

    private static String nativeChat(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"" + text
               + "\"}]}]}";
    }

    private static CreateChatCompletionRequest chatCall(String model, String text) {
        return CreateChatCompletionRequest.newBuilder().setChat(ChatRequest.newBuilder().setModel(model).addMessages(
                Message.newBuilder().setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText(text))))
                                          .build();
    }
}
