package dev.llmg.cmd.hostile;

import com.google.protobuf.Message;

import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.json.v1.PageRequest;

/**
 * A gRPC method the suite sends raw frames to: its path, a valid request, whether it streams its answer, and
 * whether a request with no fields set is valid (it is for ListModels, not for chat or embeddings).
 *
 * @param path {@code /package.Service/Method}
 * @param valid a valid request
 * @param serverStreaming whether the answer is a stream
 * @param emptyIsValid whether the default instance is a valid request
 */
record GrpcMethodUnderTest(String path, Message valid, boolean serverStreaming, boolean emptyIsValid) {

    static final GrpcMethodUnderTest CREATE_CHAT = new GrpcMethodUnderTest(
            "/gatewayapi.v1.ChatService/CreateChatCompletion", BaseRequests.chatCall(), false, false);
    static final GrpcMethodUnderTest STREAM_CHAT = new GrpcMethodUnderTest(
            "/gatewayapi.v1.ChatService/StreamChatCompletion",
            StreamChatCompletionRequest.newBuilder().setChat(BaseRequests.chat()).build(), true, false);
    static final GrpcMethodUnderTest CREATE_EMBEDDINGS = new GrpcMethodUnderTest(
            "/gatewayapi.v1.EmbeddingsService/CreateEmbeddings", BaseRequests.embeddings(), false, false);
    static final GrpcMethodUnderTest LIST_MODELS = new GrpcMethodUnderTest(
            "/gatewayapi.v1.ModelsService/ListModels",
            ListModelsRequest.newBuilder().setPage(PageRequest.newBuilder().setPageSize(5).setPageToken("")).build(),
            false, true);

    /** Returns the method's name, for reports. */
    String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
