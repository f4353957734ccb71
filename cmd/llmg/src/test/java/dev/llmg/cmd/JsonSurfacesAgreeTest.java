package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same JSON gets the same verdict, naming the same field, on every surface that reads the canonical
 * request as proto3 JSON: REST transcoding, gRPC-JSON, gRPC-Web JSON, Server-Sent Events and the WebSocket.
 * Field paths are named from the canonical request, as the request validator names them, whatever envelope
 * carried it ({@code {"chat": ...}} over gRPC and the WebSocket).
 */
@Timeout(120)
class JsonSurfacesAgreeTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private static final String MESSAGES = "'messages':[{'role':'ROLE_USER','content':[{'text':'hi'}]}]";
    private static final String VALID = "{'model':'sim-echo'," + MESSAGES + '}';

    @AfterEach
    void gatewayStillAnswers() {
        assertThat(JsonSurfaces.rest(gateway, "/api/v1/chat/completions", json(VALID))).isEqualTo("OK");
    }

    static Stream<Arguments> chatBodies() {
        return Stream.of(
                // Syntax: one JSON object and nothing after it, each name once.
                chat("trailing garbage", VALID + "xyz", ""),
                chat("two objects", VALID + VALID, ""),
                chat("a duplicate name", "{'model':'sim-echo','model':'sim-echo'," + MESSAGES + '}', ""),
                chat("both spellings of a field", with("'max_tokens':5,'maxTokens':5"), "max_tokens"),
                // Scalars are never arrays, objects or the wrong kind of value.
                chat("temperature an array", with("'temperature':[1]"), "temperature"),
                chat("temperature a word", with("'temperature':'hot'"), "temperature"),
                chat("temperature overflows", with("'temperature':1e400"), "temperature"),
                chat("temperature NaN", with("'temperature':'NaN'"), "temperature"),
                chat("top_p -Infinity, camelCase", with("'topP':'-Infinity'"), "top_p"),
                chat("model a number", "{'model':5," + MESSAGES + '}', "model"),
                chat("parallel_tool_calls a string", with("'parallel_tool_calls':'yes'"), "parallel_tool_calls"),
                chat("stop a string", with("'stop':'x'"), "stop"),
                chat("messages a string", "{'model':'sim-echo','messages':'hi'}", "messages"),
                chat("a null message", "{'model':'sim-echo','messages':[null]}", "messages[0]"),
                chat("metadata value a number", with("'metadata':{'a':1}"), "metadata.a"),
                // Enums by a known name or a known number, nothing else.
                chat("role an array", role("[1]"), "messages[0].role"),
                chat("role a fraction", role("1.5"), "messages[0].role"),
                chat("role an unknown number", role("42"), "messages[0].role"),
                chat("role an unknown name", role("'ROLE_WIZARD'"), "messages[0].role"),
                chat("role true", role("true"), "messages[0].role"),
                chat("tool choice mode unknown number", with("'tool_choice':{'mode':9}"), "tool_choice.mode"),
                chat("tool choice mode unknown name", with("'tool_choice':{'mode':'SOMETIMES'}"), "tool_choice.mode"),
                chat("image detail unknown number",
                     "{'model':'sim-echo','messages':[{'role':'ROLE_USER','content':[{'image_url':"
                     + "{'url':'https://x/a.png','detail':7}}]}]}", "messages[0].content[0].image_url.detail"),
                chat("text and image_url in one part",
                     "{'model':'sim-echo','messages':[{'role':'ROLE_USER','content':[{'text':'a','image_url':"
                     + "{'url':'https://x/a.png'}}]}]}", "messages[0].content[0].image_url"),
                // int64 and int32.
                chat("seed a word", with("'seed':'x'"), "seed"),
                chat("seed true", with("'seed':true"), "seed"),
                chat("seed an array", with("'seed':[1]"), "seed"),
                chat("seed an object", with("'seed':{}"), "seed"),
                chat("seed a fraction", with("'seed':1.5"), "seed"),
                chat("seed over int64", with("'seed':'9223372036854775808'"), "seed"),
                chat("max_tokens over int32", with("'max_tokens':3000000000"), "max_tokens"),
                // Non-finite numbers inside a Struct.
                chat("schema minimum overflows", with("'response_format':{'type':'RESPONSE_FORMAT_TYPE_JSON_SCHEMA',"
                        + "'json_schema':{'name':'a','schema':{'type':'number','minimum':1e400}}}"),
                     "response_format.json_schema.schema.minimum"),
                chat("tool parameter overflows", with("'tools':[{'name':'f','parameters':{'type':'object',"
                        + "'properties':{'x':{'type':'number','maximum':-1e400}}}}]"),
                     "tools[0].parameters.properties.x.maximum"),
                // Text that is not Unicode.
                chat("a lone surrogate", "{'model':'sim-echo','messages':[{'role':'ROLE_USER','content':"
                        + "[{'text':'a\\ud800b'}]}]}", "messages[0].content[0].text"),
                // What proto3 JSON allows is accepted everywhere.
                chat("int64 as a string, enum as a number, camelCase", "{'model':'sim-echo','seed':'42',"
                        + "'maxTokens':'7','messages':[{'role':3,'content':[{'text':'hi'}]}]}", null),
                chat("unknown fields", "{'model':'sim-echo','future':{'x':[1e400]}," + MESSAGES + '}', null),
                chat("nulls", "{'model':'sim-echo','temperature':null,'seed':null,'tools':null,"
                        + "'response_format':null," + MESSAGES + '}', null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatBodies")
    void chatRequestsGetTheSameVerdictEverywhere(String what, String body, String expected) {
        final Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("REST", JsonSurfaces.rest(gateway, "/api/v1/chat/completions", body));
        verdicts.put("gRPC-JSON", JsonSurfaces.grpcJson(gateway, "gatewayapi.v1.ChatService/CreateChatCompletion",
                                                        envelope(body), false));
        verdicts.put("gRPC-Web JSON", JsonSurfaces.grpcJson(
                gateway, "gatewayapi.v1.ChatService/CreateChatCompletion", envelope(body), true));
        verdicts.put("gRPC-JSON stream", JsonSurfaces.grpcJson(
                gateway, "gatewayapi.v1.ChatService/StreamChatCompletion", envelope(body), false));
        verdicts.put("SSE", JsonSurfaces.sse(gateway, body));
        verdicts.put("WebSocket", JsonSurfaces.webSocket(gateway, body));

        final Map<String, String> wanted = new LinkedHashMap<>();
        verdicts.keySet().forEach(surface -> wanted.put(surface, expected));
        assertThat(verdicts).as(what).isEqualTo(wanted);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "xyz", " {}", "]", " 1" })
    void trailingTokensAfterTheMessageAreRefusedEverywhere(String trailing) {
        final String body = json(VALID) + trailing;
        final String message = "{\"type\":\"chat.request\",\"id\":\"v\",\"chat\":" + json(VALID) + '}' + trailing;
        assertThat(JsonSurfaces.rest(gateway, "/api/v1/chat/completions", body)).as("REST").isEqualTo("INVALID_ARGUMENT ");
        assertThat(JsonSurfaces.grpcJson(gateway, "gatewayapi.v1.ChatService/CreateChatCompletion",
                                         envelope(json(VALID)) + trailing, false))
                .as("gRPC-JSON").isEqualTo("INVALID_ARGUMENT ");
        assertThat(JsonSurfaces.sse(gateway, body)).as("SSE").isEqualTo("INVALID_ARGUMENT ");
        assertThat(JsonSurfaces.webSocketMessage(gateway, message)).as("WebSocket").isEqualTo("INVALID_ARGUMENT ");
    }

    static Stream<Arguments> embeddingsBodies() {
        return Stream.of(
                Arguments.of("trailing garbage", json("{'model':'sim-echo','inputs':['a']} 1"), "INVALID_ARGUMENT "),
                Arguments.of("inputs a string", json("{'model':'sim-echo','inputs':'a'}"), "INVALID_ARGUMENT inputs"),
                Arguments.of("an input a number", json("{'model':'sim-echo','inputs':[1]}"),
                             "INVALID_ARGUMENT inputs[0]"),
                Arguments.of("dimensions a word", json("{'model':'sim-echo','inputs':['a'],'dimensions':'x'}"),
                             "INVALID_ARGUMENT dimensions"),
                Arguments.of("dimensions overflow", json("{'model':'sim-echo','inputs':['a'],'dimensions':1e400}"),
                             "INVALID_ARGUMENT dimensions"),
                Arguments.of("valid", json("{'model':'sim-echo','inputs':['a'],'dimensions':'8'}"), "OK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("embeddingsBodies")
    void embeddingsRequestsGetTheSameVerdictOverRestAndGrpcJson(String what, String body, String expected) {
        assertThat(JsonSurfaces.rest(gateway, "/api/v1/embeddings", body)).as(what + " over REST").isEqualTo(expected);
        assertThat(JsonSurfaces.grpcJson(gateway, "gatewayapi.v1.EmbeddingsService/CreateEmbeddings", body, false))
                .as(what + " over gRPC-JSON").isEqualTo(expected);
    }

    /** Returns a case whose verdict is INVALID_ARGUMENT naming {@code field}, or OK when it is null. */
    private static Arguments chat(String what, String body, String field) {
        return Arguments.of(what, json(body), field == null ? "OK" : "INVALID_ARGUMENT " + field);
    }

    private static String with(String fields) {
        return "{'model':'sim-echo'," + MESSAGES + ',' + fields + '}';
    }

    private static String role(String role) {
        return "{'model':'sim-echo','messages':[{'role':" + role + ",'content':[{'text':'hi'}]}]}";
    }

    /** Wraps the chat request as the gRPC request messages hold it. */
    private static String envelope(String chat) {
        return "{\"chat\":" + chat + '}';
    }

    private static String json(String quoted) {
        return quoted.replace('\'', '"');
    }
}
