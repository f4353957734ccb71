package dev.llmg.cmd.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.ImageDetail;
import dev.llmg.api.gateway.v1.ImageUrl;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.api.gateway.v1.ToolCall;
import dev.llmg.api.gateway.v1.ToolChoice;

/**
 * The valid requests every mutation starts from: each sets every field of its message, so that a mutation
 * changes one field of an otherwise valid request and the gateway's answer is about that field alone.
 * The suite sends each once unmodified and expects an answer, which proves that refusals are not caused by
 * the base.
 */
final class BaseRequests {

    /** The simulator model every hostile gateway serves. */
    static final String MODEL = "sim-echo";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BaseRequests() {}

    /** Returns a chat request with every field of the canonical request set. */
    static ChatRequest chat() {
        return ChatRequest.newBuilder()
                          .setModel(MODEL)
                          .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder()
                                  .setRole(Role.ROLE_USER).setName("alice")
                                  .addContent(ContentPart.newBuilder().setText("weather in Rome?"))
                                  .addContent(ContentPart.newBuilder().setImageUrl(ImageUrl.newBuilder()
                                          .setUrl("https://example.com/rome.png").setDetail(ImageDetail.IMAGE_DETAIL_HIGH))))
                          .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder()
                                  .setRole(Role.ROLE_ASSISTANT).setReasoning("the tool knows").setRefusal("")
                                  .addToolCalls(ToolCall.newBuilder().setId("call_1").setName("get_weather")
                                                        .setArguments("{\"city\":\"Rome\"}")))
                          .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder()
                                  .setRole(Role.ROLE_TOOL).setToolCallId("call_1")
                                  .addContent(ContentPart.newBuilder().setText("sunny")))
                          .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder()
                                  .setRole(Role.ROLE_ASSISTANT).setRefusal("I will not guess")
                                  .addContent(ContentPart.newBuilder().setText("It is sunny.")))
                          .addMessages(dev.llmg.api.gateway.v1.Message.newBuilder()
                                  .setRole(Role.ROLE_USER)
                                  .addContent(ContentPart.newBuilder().setText("and tomorrow?")))
                          .addTools(Tool.newBuilder().setName("get_weather").setDescription("Weather of a city")
                                        .setParameters(objectSchema("city")).setStrict(true))
                          .setToolChoice(ToolChoice.newBuilder().setToolName("get_weather"))
                          .setResponseFormat(ResponseFormat.newBuilder()
                                  .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                                  .setJsonSchema(JsonSchema.newBuilder().setName("answer").setDescription("The answer")
                                                           .setSchema(objectSchema("text")).setStrict(true)))
                          .setTemperature(0.7).setTopP(0.9).setMaxTokens(64).addStop("END").setSeed(42).setN(1)
                          .setPresencePenalty(0.1).setFrequencyPenalty(0.1).setParallelToolCalls(true)
                          .setUser("user-1").putMetadata("k", "v")
                          .build();
    }

    /** Returns the chat request wrapped as the gRPC methods take it. */
    static CreateChatCompletionRequest chatCall() {
        return CreateChatCompletionRequest.newBuilder().setChat(chat()).build();
    }

    /** Returns an embeddings request with every field set. */
    static CreateEmbeddingsRequest embeddings() {
        return CreateEmbeddingsRequest.newBuilder().setModel(MODEL).addInputs("first text").addInputs("second")
                                      .setDimensions(8).setUser("user-1").build();
    }

    /** Returns the proto3 JSON of {@code message}, with proto field names, as an object to splice into. */
    static ObjectNode json(Message message) {
        try {
            return (ObjectNode) JSON.readTree(
                    JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace().print(message));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Returns the OpenAI {@code /v1/chat/completions} body with every field llmg reads. */
    static ObjectNode openAiChat(boolean stream) {
        final ObjectNode body = parse("""
                {"model":"sim-echo",
                 "messages":[
                   {"role":"system","content":"Be brief.","name":"ops"},
                   {"role":"user","name":"alice","content":[{"type":"text","text":"weather in Rome?"},
                     {"type":"image_url","image_url":{"url":"https://example.com/rome.png","detail":"high"}}]},
                   {"role":"assistant","tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Rome\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"sunny"},
                   {"role":"assistant","content":"It is sunny.","refusal":"I will not guess"},
                   {"role":"user","content":"and tomorrow?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather of a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
                   "strict":true}}],
                 "tool_choice":{"type":"function","function":{"name":"get_weather"}},
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","description":"The answer",
                   "schema":{"type":"object","properties":{"text":{"type":"string"}}},"strict":true}},
                 "temperature":0.7,"top_p":0.9,"max_tokens":64,"max_completion_tokens":64,"stop":["END"],"seed":42,
                 "n":1,"presence_penalty":0.1,"frequency_penalty":0.1,"parallel_tool_calls":true,"user":"user-1",
                 "metadata":{"k":"v"},"stream":false,"stream_options":{"include_usage":true}}
                """);
        return body.put("stream", stream);
    }

    /** Returns the OpenAI {@code /v1/embeddings} body with every field llmg reads. */
    static ObjectNode openAiEmbeddings() {
        return parse("{\"model\":\"sim-echo\",\"input\":[\"first text\",\"second\"],\"dimensions\":8,"
                     + "\"encoding_format\":\"float\",\"user\":\"user-1\"}");
    }

    private static Struct objectSchema(String property) {
        return Struct.newBuilder()
                     .putFields("type", Value.newBuilder().setStringValue("object").build())
                     .putFields("properties", Value.newBuilder().setStructValue(Struct.newBuilder().putFields(
                             property, Value.newBuilder().setStructValue(Struct.newBuilder().putFields(
                                     "type", Value.newBuilder().setStringValue("string").build())).build())).build())
                     .putFields("required", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(
                             Value.newBuilder().setStringValue(property))).build())
                     .build();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
