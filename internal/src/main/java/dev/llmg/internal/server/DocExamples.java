package dev.llmg.internal.server;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.server.docs.DocServiceBuilder;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.InferencesServiceGrpc;
import dev.llmg.api.gateway.v1.InstructionServiceGrpc;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.RenderInstructionRequest;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionRequest;
import dev.llmg.api.gateway.v1.UsageBucket;
import dev.llmg.api.gateway.v1.UsageGroupBy;
import dev.llmg.api.json.v1.PageRequest;

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
                                    ListModelsRequest.getDefaultInstance())
                   .exampleRequests(InferencesServiceGrpc.SERVICE_NAME, "ListInferences",
                                    ListInferencesRequest.newBuilder().setModel("sim-echo")
                                                         .setPage(PageRequest.newBuilder().setPageSize(20)).build())
                   // No range: the last 24 hours.
                   .exampleRequests(InferencesServiceGrpc.SERVICE_NAME, "GetUsage",
                                    GetUsageRequest.newBuilder().setGroupBy(UsageGroupBy.USAGE_GROUP_BY_MODEL)
                                                   .setBucket(UsageBucket.USAGE_BUCKET_HOUR).build())
                   // The instruction config/instructions/summarize.yaml ships.
                   .exampleRequests(InstructionServiceGrpc.SERVICE_NAME, "RenderInstruction",
                                    RenderInstructionRequest.newBuilder().setInstruction("summarize")
                                            .setVariables(Struct.newBuilder()
                                                    .putFields("text", Value.newBuilder().setStringValue(
                                                            "Tides rise and fall twice a day.").build())
                                                    .putFields("words", Value.newBuilder().setNumberValue(10).build()))
                                            .build());
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
