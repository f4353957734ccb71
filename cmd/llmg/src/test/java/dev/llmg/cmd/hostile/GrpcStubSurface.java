package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.grpc.GrpcSerializationFormats;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc.ChatServiceBlockingStub;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.EmbeddingsServiceGrpc.EmbeddingsServiceBlockingStub;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Calls the gateway with grpc-java stubs (over gRPC or gRPC-Web), as an application would, with well-formed
 * messages carrying bad values, and a deadline of a few seconds, so that a call the gateway never finishes is
 * seen as such.
 */
final class GrpcStubSurface {

    /** The calls the suite makes. */
    enum Call { COMPLETE, STREAM, EMBED }

    static final long DEADLINE_MILLIS = HttpCalls.TIMEOUT_MILLIS;

    private final ChatServiceBlockingStub chat;
    private final EmbeddingsServiceBlockingStub embeddings;
    private final String name;

    GrpcStubSurface(URI gateway, boolean grpcWeb) {
        final var builder = GrpcClients.builder(gateway)
                                       .serializationFormat(grpcWeb ? GrpcSerializationFormats.PROTO_WEB
                                                                    : GrpcSerializationFormats.PROTO)
                                       .responseTimeoutMillis(DEADLINE_MILLIS + 1_000)
                                       .maxRequestMessageLength(-1).maxResponseLength(0);
        chat = builder.build(ChatServiceBlockingStub.class);
        embeddings = builder.build(EmbeddingsServiceBlockingStub.class);
        name = grpcWeb ? "gRPC-Web stub" : "gRPC stub";
    }

    /** Returns the surface's name in reports. */
    String name() {
        return name;
    }

    /** Makes {@code call} with {@code request} (a ChatRequest, or a CreateEmbeddingsRequest for EMBED). */
    Reply send(Call call, com.google.protobuf.Message request) {
        try {
            switch (call) {
                case COMPLETE:
                    chat.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS).createChatCompletion(
                            CreateChatCompletionRequest.newBuilder().setChat((ChatRequest) request).build());
                    break;
                case STREAM:
                    final Iterator<StreamChatCompletionResponse> pieces =
                            chat.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS).streamChatCompletion(
                                    StreamChatCompletionRequest.newBuilder().setChat((ChatRequest) request).build());
                    pieces.forEachRemaining(piece -> { });
                    break;
                default:
                    embeddings.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS)
                              .createEmbeddings((CreateEmbeddingsRequest) request);
            }
            return new Reply(Reply.Kind.ANSWER, "grpc OK", "", List.of(), "");
        } catch (StatusRuntimeException e) {
            return classify(e.getStatus());
        }
    }

    private static Reply classify(Status status) {
        final String message = status.getDescription() == null ? "" : status.getDescription();
        final String excerpt = status.getCode() + ": " + message
                               + (status.getCause() == null ? "" : " (cause: " + status.getCause() + ')');
        switch (status.getCode()) {
            case DEADLINE_EXCEEDED:
                return Reply.noAnswer(DEADLINE_MILLIS / 1000.0, "no status (" + excerpt + ')');
            case INTERNAL:
            case UNKNOWN:
            case DATA_LOSS:
            case UNAVAILABLE:
            case CANCELLED:
                return new Reply(Reply.Kind.SERVER_ERROR, "grpc " + status.getCode(), message, List.of(), excerpt);
            default:
                return new Reply(Reply.Kind.REFUSAL, "grpc " + status.getCode(), message, List.of(), excerpt);
        }
    }
}
