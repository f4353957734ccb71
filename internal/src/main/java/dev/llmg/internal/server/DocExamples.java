package dev.llmg.internal.server;

import com.linecorp.armeria.server.docs.DocServiceBuilder;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;

/** The example requests the DocService offers at {@code /docs}, ready to send to the simulator. */
final class DocExamples {

    private DocExamples() {}

    /** Adds the examples to the DocService being built. */
    static DocServiceBuilder addTo(DocServiceBuilder docs) {
        final ChatRequest chat = example();
        return docs.exampleRequests(ChatServiceGrpc.SERVICE_NAME, "CreateChatCompletion",
                                    CreateChatCompletionRequest.newBuilder().setChat(chat).build())
                   .exampleRequests(ChatServiceGrpc.SERVICE_NAME, "StreamChatCompletion",
                                    StreamChatCompletionRequest.newBuilder().setChat(chat).build())
                   .exampleRequests(ModelsServiceGrpc.SERVICE_NAME, "ListModels",
                                    ListModelsRequest.getDefaultInstance());
    }

    private static ChatRequest example() {
        return ChatRequest.newBuilder()
                .setModel("sim-echo")
                .addMessages(Message.newBuilder().setRole(Role.ROLE_SYSTEM)
                                    .addContent(ContentPart.newBuilder().setText("You are terse.")))
                .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                    .addContent(ContentPart.newBuilder().setText("Say hello to llmg.")))
                .build();
    }
}
