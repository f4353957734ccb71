package dev.llmg.internal.api.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Choice;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationLimits;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.GetConversationRequest;
import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.GetUsageResponse;
import dev.llmg.api.gateway.v1.Inference;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.ListConversationMessagesResponse;
import dev.llmg.api.gateway.v1.ListConversationsRequest;
import dev.llmg.api.gateway.v1.ListConversationsResponse;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListInferencesResponse;
import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.ListModelsResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Model;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.RoutingTarget;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.Usage;
import dev.llmg.api.gateway.v1.UsageBucket;
import dev.llmg.api.gateway.v1.UsageGroupBy;
import dev.llmg.api.gateway.v1.UsageRow;
import dev.llmg.api.json.v1.PageInfo;
import dev.llmg.api.json.v1.PageRequest;
import graphql.language.DescribedNode;
import graphql.language.EnumTypeDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.TypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/**
 * Keeps the checked-in schema true to the protos it maps: every field of a mapped type, and every argument of a
 * root field, is a field of its proto message by its proto3 JSON name (what {@link ProtoGraph} reads and writes),
 * every enum value is the proto enum's, and every type, field and argument is documented.
 */
class SchemaMatchesProtosTest {

    private static final Map<String, Descriptor> TYPES = Map.ofEntries(
            Map.entry("PageRequest", PageRequest.getDescriptor()),
            Map.entry("PageInfo", PageInfo.getDescriptor()),
            Map.entry("ModelList", ListModelsResponse.getDescriptor()),
            Map.entry("Model", Model.getDescriptor()),
            Map.entry("RoutingTarget", RoutingTarget.getDescriptor()),
            Map.entry("ChatInput", ChatRequest.getDescriptor()),
            Map.entry("MessageInput", Message.getDescriptor()),
            Map.entry("ContentPartInput", ContentPart.getDescriptor()),
            Map.entry("ToolInput", Tool.getDescriptor()),
            Map.entry("ToolCallInput", ToolCall.getDescriptor()),
            Map.entry("ChatCompletion", CreateChatCompletionResponse.getDescriptor()),
            Map.entry("Choice", Choice.getDescriptor()),
            Map.entry("Message", Message.getDescriptor()),
            Map.entry("ContentPart", ContentPart.getDescriptor()),
            Map.entry("ToolCall", ToolCall.getDescriptor()),
            Map.entry("Usage", Usage.getDescriptor()),
            Map.entry("GatewayMetadata", GatewayMetadata.getDescriptor()),
            Map.entry("ChatCompletionChunk", StreamChatCompletionResponse.getDescriptor()),
            Map.entry("ChoiceDelta", ChoiceDelta.getDescriptor()),
            Map.entry("Delta", Delta.getDescriptor()),
            Map.entry("InferenceList", ListInferencesResponse.getDescriptor()),
            Map.entry("Inference", Inference.getDescriptor()),
            Map.entry("UsageReport", GetUsageResponse.getDescriptor()),
            Map.entry("UsageRow", UsageRow.getDescriptor()),
            Map.entry("ConversationList", ListConversationsResponse.getDescriptor()),
            Map.entry("Conversation", Conversation.getDescriptor()),
            Map.entry("ConversationLimits", ConversationLimits.getDescriptor()),
            Map.entry("ConversationInput", Conversation.getDescriptor()),
            Map.entry("ConversationLimitsInput", ConversationLimits.getDescriptor()),
            Map.entry("ConversationMessageList", ListConversationMessagesResponse.getDescriptor()),
            Map.entry("ConversationMessage", ConversationMessage.getDescriptor()));

    /** Fields the schema adds to a proto message: a conversation's history is a field here, an RPC in gRPC. */
    private static final Set<String> ADDED = Set.of("Conversation.messages");

    /** The arguments of each field that reads its arguments as a request message. */
    private static final Map<String, Descriptor> ARGUMENTS = Map.of(
            "Query.models", ListModelsRequest.getDescriptor(),
            "Query.inferences", ListInferencesRequest.getDescriptor(),
            "Query.inference", GetInferenceRequest.getDescriptor(),
            "Query.usage", GetUsageRequest.getDescriptor(),
            "Query.conversations", ListConversationsRequest.getDescriptor(),
            "Query.conversation", GetConversationRequest.getDescriptor(),
            "Conversation.messages", ListConversationMessagesRequest.getDescriptor());

    private static final Map<String, EnumDescriptor> ENUMS = Map.of(
            "Role", Role.getDescriptor(), "FinishReason", FinishReason.getDescriptor(),
            "UsageGroupBy", UsageGroupBy.getDescriptor(), "UsageBucket", UsageBucket.getDescriptor());

    private final TypeDefinitionRegistry schema = new SchemaParser().parse(schemaText());

    private static String schemaText() {
        try (InputStream in = GraphqlEngine.class.getResourceAsStream(GraphqlEngine.SCHEMA)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyFieldOfAMappedTypeIsAFieldOfItsProto() {
        final List<String> strays = new ArrayList<>();
        TYPES.forEach((type, proto) -> {
            final Set<String> names = proto.getFields().stream().map(FieldDescriptor::getJsonName)
                                           .collect(Collectors.toSet());
            fieldNames(type).stream().filter(name -> !names.contains(name) && !ADDED.contains(type + '.' + name))
                            .forEach(name -> strays.add(type + '.' + name + " (not in " + proto.getFullName() + ')'));
        });
        assertThat(strays).isEmpty();
    }

    @Test
    void everyArgumentIsAFieldOfItsRequest() {
        final List<String> strays = new ArrayList<>();
        ARGUMENTS.forEach((field, proto) -> {
            final String[] parts = field.split("\\.");
            final Set<String> names = proto.getFields().stream().map(FieldDescriptor::getJsonName)
                                           .collect(Collectors.toSet());
            objectField(parts[0], parts[1]).getInputValueDefinitions().stream().map(InputValueDefinition::getName)
                                           .filter(name -> !names.contains(name))
                                           .forEach(name -> strays.add(field + '(' + name + ')'));
        });
        assertThat(strays).isEmpty();
    }

    @Test
    void everyEnumValueIsTheProtoEnumsOwn() {
        ENUMS.forEach((type, proto) -> {
            final EnumTypeDefinition definition = (EnumTypeDefinition) schema.getType(type).orElseThrow();
            assertThat(definition.getEnumValueDefinitions().stream().map(value -> value.getName()))
                    .as(type).containsExactlyElementsOf(
                            proto.getValues().stream().map(EnumValueDescriptor::getName).toList());
        });
    }

    @Test
    void everyTypeFieldAndArgumentIsDocumented() {
        final List<String> bare = new ArrayList<>();
        for (TypeDefinition<?> type : schema.types().values()) {
            if (((DescribedNode<?>) type).getDescription() == null) {
                bare.add(type.getName());
            }
            if (type instanceof ObjectTypeDefinition) {
                for (FieldDefinition field : ((ObjectTypeDefinition) type).getFieldDefinitions()) {
                    if (field.getDescription() == null) {
                        bare.add(type.getName() + '.' + field.getName());
                    }
                    field.getInputValueDefinitions().stream().filter(arg -> arg.getDescription() == null)
                         .forEach(arg -> bare.add(type.getName() + '.' + field.getName() + '(' + arg.getName() + ')'));
                }
            } else if (type instanceof InputObjectTypeDefinition) {
                ((InputObjectTypeDefinition) type).getInputValueDefinitions().stream()
                        .filter(field -> field.getDescription() == null)
                        .forEach(field -> bare.add(type.getName() + '.' + field.getName()));
            } else if (type instanceof EnumTypeDefinition) {
                ((EnumTypeDefinition) type).getEnumValueDefinitions().stream()
                        .filter(value -> value.getDescription() == null)
                        .forEach(value -> bare.add(type.getName() + '.' + value.getName()));
            }
        }
        assertThat(bare).as("undocumented").isEmpty();
    }

    private List<String> fieldNames(String type) {
        final TypeDefinition<?> definition = schema.getType(type).orElseThrow(() -> new AssertionError(type));
        if (definition instanceof ObjectTypeDefinition) {
            return ((ObjectTypeDefinition) definition).getFieldDefinitions().stream().map(FieldDefinition::getName)
                                                                           .toList();
        }
        return ((InputObjectTypeDefinition) definition).getInputValueDefinitions().stream()
                                                       .map(InputValueDefinition::getName).toList();
    }

    private FieldDefinition objectField(String type, String field) {
        return ((ObjectTypeDefinition) schema.getType(type).orElseThrow()).getFieldDefinitions().stream()
                .filter(f -> f.getName().equals(field)).findFirst().orElseThrow(() -> new AssertionError(field));
    }
}
