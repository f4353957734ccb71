package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.GetInstructionRequest;
import dev.llmg.api.gateway.v1.Instruction;
import dev.llmg.api.gateway.v1.InstructionServiceGrpc;
import dev.llmg.api.gateway.v1.InstructionSource;
import dev.llmg.api.gateway.v1.RenderInstructionRequest;
import dev.llmg.api.gateway.v1.RenderInstructionResponse;
import dev.llmg.client.LlmgClient;
import dev.llmg.cmd.ScriptedJsonUpstream.Reply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Named instructions end to end, checked by what a loopback upstream actually received: versions numbered and
 * immutable, labels moved atomically, rendering by name, {@code @version} and {@code :label} over REST, gRPC and
 * {@code /v1} with the official OpenAI SDK, rendering errors as clear 400/404 on each, the record keeping the
 * instruction's name and version, and the shipped file-loaded instruction, read-only.
 */
@Timeout(60)
class InstructionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final ScriptedJsonUpstream upstream = new ScriptedJsonUpstream();

    @RegisterExtension
    @Order(2) // after the upstream, whose address its config names
    static final TestGateway gateway = new TestGateway(() -> String.join("\n",
            "providers:",
            upstream.providerYaml("scripted"),
            "models:",
            "  - {name: writer, provider: scripted}",
            "  - {name: other, provider: scripted}",
            "  - {name: sim-echo, provider: scripted}",
            "storage: {url: \"jdbc:h2:mem:instructions-e2e;DB_CLOSE_DELAY=-1\"}",
            "tracking: {spill_dir: target/instructions-spill, flush_interval: 20ms}",
            "instructions: {dir: ../../config/instructions}",
            ""));

    private static OpenAIClient openAi;

    @BeforeAll
    static void connect() {
        openAi = OpenAIOkHttpClient.builder().baseUrl(gateway.httpUri() + "/v1").apiKey("sk-llmg-test")
                                   .maxRetries(0).build();
    }

    @AfterAll
    static void close() {
        openAi.close();
    }

    @Test
    void versionsAreNumberedAndImmutableAndLabelsMoveAtomically() throws Exception {
        final JsonNode first = ok(HttpMethod.POST, "/api/v1/instructions/greet/versions",
                                  version("Greet {{name}}.", ", \"temperature\": 0.5"));
        assertThat(first.path("version").path("version").asInt()).isEqualTo(1);
        assertThat(first.path("version").path("variables").toString()).isEqualTo("[\"name\"]");
        final JsonNode second = ok(HttpMethod.POST, "/api/v1/instructions/greet/versions",
                                   version("Greet {{name}} in {{lang}}.", ""));
        assertThat(second.path("version").path("version").asInt()).isEqualTo(2);
        assertThat(second.path("instruction").path("latestVersion").asInt()).isEqualTo(2);
        assertThat(second.path("version").path("createdBy").asText()).isEqualTo("anonymous");
        assertThat(second.path("instruction").path("source").asText()).isEqualTo("INSTRUCTION_SOURCE_DATABASE");

        final JsonNode one = ok(HttpMethod.GET, "/api/v1/instructions/greet/versions/1", null).path("version");
        assertThat(one.path("messages").get(0).path("template").asText()).isEqualTo("Greet {{name}}.");
        assertThat(one.path("temperature").asDouble()).isEqualTo(0.5);

        ok(HttpMethod.PUT, "/api/v1/instructions/greet/labels/production", "{\"version\": 1, \"from_version\": 0}");
        final JsonNode third = ok(HttpMethod.POST, "/api/v1/instructions/greet/versions?labels=canary",
                                  version("Hi {{name}}.", ""));
        assertThat(third.path("instruction").path("labels").path("canary").asInt()).isEqualTo(3);
        final JsonNode moved = ok(HttpMethod.PUT, "/api/v1/instructions/greet/labels/production",
                                  "{\"version\": 2, \"fromVersion\": 1}");
        assertThat(moved.path("instruction").path("labels").path("production").asInt()).isEqualTo(2);
        final AggregatedHttpResponse stale = send(HttpMethod.PUT, "/api/v1/instructions/greet/labels/production",
                                                  "{\"version\": 1, \"fromVersion\": 1}");
        assertThat(stale.status().code()).as(stale.contentUtf8()).isEqualTo(400);
        assertThat(stale.contentUtf8()).contains("does not point at version 1");
        assertThat(send(HttpMethod.PUT, "/api/v1/instructions/greet/labels/staging", "{\"version\": 9}")
                           .status().code()).isEqualTo(404);
        assertThat(send(HttpMethod.DELETE, "/api/v1/instructions/greet/labels/nope", null).status().code())
                .isEqualTo(404);

        final JsonNode got = ok(HttpMethod.GET, "/api/v1/instructions/greet", null).path("instruction");
        assertThat(got.path("versions")).hasSize(3);
        assertThat(got.path("versions").get(0).path("messages").get(0).path("template").asText())
                .as("version 1 is as it was created").isEqualTo("Greet {{name}}.");
        assertThat(ok(HttpMethod.GET, "/api/v1/instructions", null).path("instructions").toString())
                .contains("\"greet\"").contains("\"summarize\"");
    }

    @Test
    void rendersByNameVersionAndLabelOnRestGrpcAndOpenAiSdk() throws Exception {
        ok(HttpMethod.POST, "/api/v1/instructions/brief/versions",
           version("Be brief about {{topic}}.", ", \"temperature\": 0.1"));
        ok(HttpMethod.POST, "/api/v1/instructions/brief/versions",
           "{\"messages\": [{\"role\": \"ROLE_SYSTEM\", \"template\": \"Be very brief about {{topic}}.\"}], "
           + "\"model\": \"writer\", \"maxTokens\": 20}");
        ok(HttpMethod.PUT, "/api/v1/instructions/brief/labels/production", "{\"version\": 1}");
        ok(HttpMethod.PUT, "/api/v1/instructions/brief/labels/staging", "{\"version\": 2}");

        upstream.script(Reply.content("ok"));
        final JsonNode rest = ok(HttpMethod.POST, "/api/v1/chat/completions",
                                 "{\"instruction\": \"brief\", \"variables\": {\"topic\": \"tides\"}, \"messages\": "
                                 + "[{\"role\": \"ROLE_USER\", \"content\": [{\"text\": \"hi\"}]}]}");
        assertThat(sent(0)).containsExactly("system: Be brief about tides.", "user: hi");
        assertThat(upstream.requests().get(0).path("model").asText()).isEqualTo("writer");
        assertThat(upstream.requests().get(0).path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(rest.path("gateway").path("instruction").path("name").asText()).isEqualTo("brief");
        assertThat(rest.path("gateway").path("instruction").path("version").asInt()).isEqualTo(1);

        upstream.script(Reply.content("ok"));
        final CreateChatCompletionResponse grpc = LlmgClient.connect(gateway.httpUri()).complete(
                TestGateway.ask("", "hello").toBuilder().setInstruction("brief@2")
                           .setVariables(variables("topic", "the moon")).build());
        assertThat(sent(0)).containsExactly("system: Be very brief about the moon.", "user: hello");
        assertThat(upstream.requests().get(0).path("max_tokens").asInt(upstream.requests().get(0)
                                                                               .path("max_completion_tokens").asInt()))
                .isEqualTo(20);
        assertThat(grpc.getGateway().getInstruction().getVersion()).isEqualTo(2);

        upstream.script(Reply.content("ok"));
        final ChatCompletion sdk = openAi.chat().completions().create(
                ChatCompletionCreateParams.builder().model("other").addUserMessage("and you?").temperature(0.9)
                                          .additionalBodyProperties(Map.of("llmg", JsonValue.from(Map.of(
                                                  "instruction", "brief:staging",
                                                  "variables", Map.of("topic", "stars")))))
                                          .build());
        assertThat(sdk.choices()).hasSize(1);
        assertThat(sent(0)).containsExactly("system: Be very brief about stars.", "user: and you?");
        assertThat(upstream.requests().get(0).path("model").asText()).as("the request's model wins")
                                                                     .isEqualTo("other");
        assertThat(upstream.requests().get(0).path("temperature").asDouble()).as("and its temperature")
                                                                             .isEqualTo(0.9);

        upstream.script(Reply.content("ok"));
        final JsonNode alone = ok(HttpMethod.POST, "/api/v1/chat/completions",
                                  "{\"instruction\": \"brief@2\", \"variables\": {\"topic\": \"rain\"}}");
        assertThat(sent(0)).as("a request with an instruction needs no messages of its own")
                           .containsExactly("system: Be very brief about rain.");

        final JsonNode record = record(alone.path("gateway").path("requestId").asText());
        assertThat(record.path("instructionName").asText()).isEqualTo("brief");
        assertThat(record.path("instructionVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aStreamOverSseIsRenderedTheSameWay() throws Exception {
        ok(HttpMethod.POST, "/api/v1/instructions/stream-me/versions", version("Stream about {{topic}}.", ""));
        upstream.script(Reply.content("streamed answer"));

        final List<SseReader.Event> events = SseReader.post(gateway.httpUri(), "{\"instruction\": \"stream-me\", "
                + "\"variables\": {\"topic\": \"waves\"}, \"messages\": [{\"role\": \"ROLE_USER\", \"content\": "
                + "[{\"text\": \"go\"}]}]}").rest();

        assertThat(upstream.requests().get(0).path("stream").asBoolean()).isTrue();
        assertThat(sent(0)).containsExactly("system: Stream about waves.", "user: go");
        assertThat(events).as("the piece with the gateway's metadata names the instruction")
                          .anySatisfy(event -> assertThat(event.data()).contains("\"instruction\"")
                                                                       .contains("stream-me"));
    }

    @Test
    void renderingErrorsAreClear400sAnd404sOnEveryDoor() throws Exception {
        ok(HttpMethod.POST, "/api/v1/instructions/strict/versions", version("About {{topic}}.", ""));
        final String user = "\"messages\": [{\"role\": \"ROLE_USER\", \"content\": [{\"text\": \"hi\"}]}]";

        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"instruction\": \"strict\", " + user + "}"),
                    400, "variables.topic is missing");
        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"instruction\": \"strict\", \"variables\": "
                                                                      + "{\"topic\": \"a\", \"tpoic\": \"b\"}}"),
                    400, "variables.tpoic is unknown");
        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"instruction\": \"nope\", " + user + "}"),
                    404, "instruction 'nope' does not exist");
        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"instruction\": \"strict@9\", \"variables\": "
                                                                      + "{\"topic\": \"a\"}}"),
                    404, "has no version 9");
        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"instruction\": \"strict:beta\", "
                                                                      + "\"variables\": {\"topic\": \"a\"}}"),
                    404, "has no label 'beta'");
        assertError(send(HttpMethod.POST, "/api/v1/chat/completions", "{\"model\": \"writer\", \"variables\": "
                                                                      + "{\"topic\": \"a\"}, " + user + "}"),
                    400, "variables are given but no instruction");
        assertError(send(HttpMethod.POST, "/api/v1/instructions/broken/versions", version("{{#open}} never", "")),
                    400, "version.messages[0].template is not a valid template");
        assertError(send(HttpMethod.POST, "/api/v1/instructions/hot/versions", version("x", ", \"temperature\": 7")),
                    400, "version.temperature must be between 0.0 and 2.0");
        assertError(send(HttpMethod.POST, "/api/v1/instructions/bad%20name/versions", version("x", "")),
                    400, "is not an instruction name");

        final StatusRuntimeException grpc = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(
                        TestGateway.ask("", "hi").toBuilder().setInstruction("strict").build()));
        assertThat(grpc.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(grpc.getStatus().getDescription()).contains("variables.topic is missing");
        final StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
                () -> LlmgClient.connect(gateway.httpUri()).complete(
                        TestGateway.ask("", "hi").toBuilder().setInstruction("strict:beta").build()));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        final BadRequestException missing = catchThrowableOfType(BadRequestException.class,
                () -> openAi.chat().completions().create(withLlmg(Map.of("instruction", "strict",
                                                                          "variables", Map.of("topix", "x")))));
        assertThat(missing.getMessage()).contains("variables.topic is missing");
        final NotFoundException absent = catchThrowableOfType(NotFoundException.class,
                () -> openAi.chat().completions().create(withLlmg(Map.of("instruction", "strict@9"))));
        assertThat(absent.getMessage()).contains("has no version 9");
        final BadRequestException malformed = catchThrowableOfType(BadRequestException.class,
                () -> openAi.chat().completions().create(withLlmg(Map.of("instruction", "strict@@1"))));
        assertThat(malformed.getMessage()).contains("is not an instruction");
    }

    @Test
    void theShippedFileInstructionRendersAndIsReadOnly() throws Exception {
        final Instruction summarize = grpc().getInstruction(GetInstructionRequest.newBuilder().setName("summarize")
                                                                                 .build()).getInstruction();
        assertThat(summarize.getSource()).isEqualTo(InstructionSource.INSTRUCTION_SOURCE_FILE);
        assertThat(summarize.getLabelsMap()).containsEntry("production", 2);
        assertThat(summarize.getVersionsCount()).isEqualTo(2);

        final RenderInstructionResponse preview = grpc().renderInstruction(RenderInstructionRequest.newBuilder()
                .setInstruction("summarize").setVariables(Struct.newBuilder()
                        .putFields("text", Value.newBuilder().setStringValue("Tides rise & fall.").build())
                        .putFields("words", Value.newBuilder().setNumberValue(12).build())
                        .putFields("points", Value.newBuilder().setListValue(com.google.protobuf.ListValue
                                .newBuilder().addValues(Value.newBuilder().setStringValue("the moon"))).build()))
                .build());
        assertThat(preview.getInstruction().getVersion()).isEqualTo(2);
        assertThat(preview.getRequest().getModel()).isEqualTo("sim-echo");
        assertThat(preview.getRequest().getMessages(0).getContent(0).getText())
                .isEqualTo("Summarize the user's text in at most 12 words for a general reader. Keep this point: "
                           + "the moon. Answer as a JSON object {\"summary\": \"...\"}.");
        assertThat(preview.getRequest().getMessages(1).getContent(0).getText()).isEqualTo("Tides rise & fall.");

        upstream.script(Reply.content("{\"summary\": \"tides\"}"));
        ok(HttpMethod.POST, "/api/v1/chat/completions",
           "{\"instruction\": \"summarize@1\", \"variables\": {\"text\": \"Long text.\", \"words\": 5}}");
        assertThat(sent(0)).containsExactly("system: Summarize the user's text in at most 5 words.",
                                            "user: Long text.");

        upstream.script(Reply.content("{\"summary\": \"tides\"}"));
        final AggregatedHttpResponse v1 = send(HttpMethod.POST, "/v1/chat/completions",
                "{\"model\": \"\", \"messages\": [], \"llmg\": {\"instruction\": \"summarize\", \"variables\": "
                + "{\"text\": \"Long text.\", \"words\": 5, \"audience\": \"kids\"}}}");
        assertThat(v1.status().code()).as(v1.contentUtf8()).isEqualTo(200);
        assertThat(sent(0).get(0)).startsWith("system: Summarize the user's text in at most 5 words for kids.");
        assertThat(upstream.requests().get(0).path("response_format").path("type").asText())
                .isEqualTo("json_object");

        assertError(send(HttpMethod.POST, "/api/v1/instructions/summarize/versions", version("x", "")), 400,
                    "read-only");
        assertError(send(HttpMethod.PUT, "/api/v1/instructions/summarize/labels/production", "{\"version\": 1}"),
                    400, "read-only");
    }

    private static ChatCompletionCreateParams withLlmg(Map<String, Object> llmg) {
        return ChatCompletionCreateParams.builder().model("writer").addUserMessage("hi")
                                         .additionalBodyProperties(Map.of("llmg", JsonValue.from(llmg))).build();
    }

    private static InstructionServiceGrpc.InstructionServiceBlockingStub grpc() {
        return GrpcClients.newClient(gateway.httpUri(), InstructionServiceGrpc.InstructionServiceBlockingStub.class);
    }

    private static String version(String systemTemplate, String extra) {
        return "{\"messages\": [{\"role\": \"ROLE_SYSTEM\", \"template\": \"" + systemTemplate + "\"}], "
               + "\"model\": \"writer\"" + extra + '}';
    }

    private static Struct variables(String name, String value) {
        return Struct.newBuilder().putFields(name, Value.newBuilder().setStringValue(value).build()).build();
    }

    /** Returns the messages the upstream's request {@code index} carried, as "role: text". */
    private static List<String> sent(int index) {
        final List<String> messages = new ArrayList<>();
        for (JsonNode message : upstream.requests().get(index).path("messages")) {
            final JsonNode content = message.path("content");
            final StringBuilder text = new StringBuilder();
            if (content.isArray()) {
                content.forEach(part -> text.append(part.path("text").asText()));
            } else {
                text.append(content.asText());
            }
            messages.add(message.path("role").asText() + ": " + text);
        }
        return messages;
    }

    /** Reads the call's inference record once it is written. */
    private static JsonNode record(String requestId) throws Exception {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            final AggregatedHttpResponse answer = send(HttpMethod.GET, "/api/v1/inferences/" + requestId, null);
            if (answer.status().code() == 200) {
                return JSON.readTree(answer.contentUtf8()).path("inference");
            }
            assertThat(System.nanoTime()).as("the record of " + requestId + " is written").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void assertError(AggregatedHttpResponse answer, int status, String message) {
        assertThat(answer.status().code()).as(answer.contentUtf8()).isEqualTo(status);
        assertThat(answer.contentUtf8()).contains(message);
    }

    private static JsonNode ok(HttpMethod method, String path, String body) throws Exception {
        final AggregatedHttpResponse answer = send(method, path, body);
        assertThat(answer.status().code()).as(method + " " + path + ": " + answer.contentUtf8()).isEqualTo(200);
        return JSON.readTree(answer.contentUtf8());
    }

    private static AggregatedHttpResponse send(HttpMethod method, String path, String body) {
        final RequestHeaders headers = RequestHeaders.builder(method, path).contentType(MediaType.JSON_UTF_8).build();
        return WebClient.of(gateway.httpUri())
                        .execute(body == null ? HttpRequest.of(headers) : HttpRequest.of(headers,
                                com.linecorp.armeria.common.HttpData.ofUtf8(body)))
                        .aggregate().join();
    }
}
