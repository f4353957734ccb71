package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChoiceDelta;
import dev.llmg.api.gateway.v1.Delta;
import dev.llmg.api.gateway.v1.JsonSchema;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormat;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.api.streaming.ChatJson;

/**
 * What structured output costs on the request path: checking a 2 KB answer against its schema (as sent, and
 * when it needs mending), and following a stream of it piece by piece (the partial value of each piece),
 * against the per-piece cost of the native SSE framing (printing the piece as JSON and framing it).
 *
 * <p>{@code java -cp cmd/llmg-bench/target/llmg-bench.jar org.openjdk.jmh.Main StructuredBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StructuredBenchmark {

    /** How many pieces the 2 KB answer streams in (about 8 characters each, as models stream JSON). */
    private static final int PIECES = 256;

    private final SchemaValidator validator = new SchemaValidator();
    private final AnswerChecker checker = new AnswerChecker(validator);
    private Struct schema;
    private String answer;
    private String broken;
    private ChatRequest request;
    private List<StreamChatCompletionResponse> pieces;

    /** Builds a schema of a list of orders and an answer of about 2 KB that fits it. */
    @Setup
    public void setUp() {
        schema = object(
                "orders", field("type", "array").putFields("items", Value.newBuilder().setStructValue(object(
                        "id", Struct.newBuilder().putFields("type", text("integer")),
                        "customer", Struct.newBuilder().putFields("type", text("string")),
                        "total", Struct.newBuilder().putFields("type", text("number")),
                        "paid", Struct.newBuilder().putFields("type", text("boolean")))).build()));
        final StringBuilder json = new StringBuilder("{\"orders\": [");
        for (int i = 0; json.length() < 2000; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"id\": ").append(i).append(", \"customer\": \"Customer number ")
                .append(i).append("\", \"total\": ").append(i * 3.25).append(", \"paid\": ").append(i % 2 == 0)
                .append('}');
        }
        answer = json.append("]}").toString();
        broken = "```json\n" + answer.replace("}]}", "},]}").replace("\"paid\": true", "paid: true") + "\n```";
        request = ChatRequest.newBuilder().setModel("m").addMessages(Message.getDefaultInstance())
                             .setResponseFormat(ResponseFormat.newBuilder()
                                                              .setType(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
                                                              .setJsonSchema(JsonSchema.newBuilder().setName("orders")
                                                                                       .setSchema(schema)))
                             .build();
        pieces = new ArrayList<>(PIECES);
        final int size = (answer.length() + PIECES - 1) / PIECES;
        for (int i = 0; i < PIECES; i++) {
            final String content = answer.substring(Math.min(answer.length(), i * size),
                                                    Math.min(answer.length(), (i + 1) * size));
            // No finishing piece: the final check is validateAsSent's cost, paid once per answer, not per piece.
            final ChoiceDelta.Builder choice = ChoiceDelta.newBuilder().setIndex(0)
                                                          .setDelta(Delta.newBuilder().setContent(content));
            pieces.add(StreamChatCompletionResponse.newBuilder().setId("chatcmpl-1").setModel("m")
                                                   .setCreated(1_755_690_953L).addChoices(choice).build());
        }
        validator.validate(schema, StructuredReader.read(answer, schema, validator).value()); // compiled, cached
    }

    /** Reads and validates a 2 KB answer that fits as sent (the common case). */
    @Benchmark
    public StructuredValue validateAsSent() {
        return StructuredReader.read(answer, schema, validator);
    }

    /** Reads, mends (fence, trailing comma, unquoted keys) and validates the same answer. */
    @Benchmark
    public StructuredValue repairAndValidate() {
        return StructuredReader.read(broken, schema, validator);
    }

    /**
     * Follows the 2 KB answer streamed in {@value #PIECES} pieces, per piece: the partial values (read whenever the
     * text has grown by a quarter), without the final check, which {@link #validateAsSent} measures.
     */
    @Benchmark
    @OperationsPerInvocation(PIECES)
    public void partialPerPiece(Blackhole hole) {
        final StructuredStream stage = StructuredAttempts.of(request, checker).streamStage();
        for (StreamChatCompletionResponse piece : pieces) {
            hole.consume(stage.annotate(piece));
        }
    }

    /** The native SSE framing of the same pieces, per piece: the cost the partials are measured against. */
    @Benchmark
    @OperationsPerInvocation(PIECES)
    public void sseFramingPerPiece(Blackhole hole) {
        for (StreamChatCompletionResponse piece : pieces) {
            hole.consume("data: " + ChatJson.print(piece) + "\n\n");
        }
    }

    private static Struct object(Object... nameAndSchema) {
        final Struct.Builder properties = Struct.newBuilder();
        final ListValue.Builder required = ListValue.newBuilder();
        for (int i = 0; i < nameAndSchema.length; i += 2) {
            final Object schema = nameAndSchema[i + 1];
            properties.putFields((String) nameAndSchema[i], Value.newBuilder().setStructValue(
                    schema instanceof Struct.Builder ? ((Struct.Builder) schema).build() : (Struct) schema).build());
            required.addValues(text((String) nameAndSchema[i]));
        }
        return Struct.newBuilder().putFields("type", text("object"))
                     .putFields("properties", Value.newBuilder().setStructValue(properties).build())
                     .putFields("required", Value.newBuilder().setListValue(required).build()).build();
    }

    private static Struct.Builder field(String name, String value) {
        return Struct.newBuilder().putFields(name, text(value));
    }

    private static Value text(String text) {
        return Value.newBuilder().setStringValue(text).build();
    }
}
