package dev.llmg.internal.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.internal.providers.azure.AzureEndpoints;
import dev.llmg.internal.providers.openai.OpenAiEndpoints;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.ProviderException;

/**
 * Replays every recorded OpenAI and Azure chat request end to end through llmg: the recorded request body, as
 * a caller of llmg's OpenAI API would send it, is read into the canonical model, sent by the provider client
 * to a loopback server replaying the recording, and the body that reaches the server must equal the recorded
 * one; the recorded answer must decode (errors as provider errors with the recorded status), with the
 * recorded text as content.
 */
class RecordedRequestsRoundTripTest {

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("openai", sb -> {
        sb.serviceUnder("/azure-replay/", (ctx, req) -> {
            final String name = ctx.mappedPath().split("/")[1];
            return HttpResponseOf.replay(req, name);
        });
    });

    /**
     * The only differences llmg makes on purpose. A null user content cannot be said in the canonical model
     * (it becomes empty text; the recording is a 400 anyway). The deprecated {@code functions} are sent as
     * {@code tools}, which every current server accepts; the caller still gets {@code function_call} back.
     */
    private static final Map<String, List<String>> KNOWN_DIFFERENCES = Map.of(
            "openai/chat-bad-request", List.of("$.messages[0].content: expected null but was \"\""),
            "openai/chat-legacy-functions", List.of(
                    "$.functions: missing, expected [{\"name\":\"get_weather\",\"description\":\"Get the weather for "
                    + "a location\",\"parameters\":{\"properties\":{\"location\":{\"description\":\"The location to "
                    + "get weather for\",\"type\":\"string\"}},\"required\":[\"location\"],\"type\":\"object\"}}]",
                    "$.tools: unexpected [{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":"
                    + "\"Get the weather for a location\",\"parameters\":{\"properties\":{\"location\":{\"description\":"
                    + "\"The location to get weather for\",\"type\":\"string\"}},\"required\":[\"location\"],"
                    + "\"type\":\"object\"}}}]"));

    static Stream<Arguments> fixtures() throws IOException {
        return Stream.concat(list("openai", "openai"), list("azure", "azure"));
    }

    private static Stream<Arguments> list(String root, String folder) throws IOException {
        final Path dir = Paths.get("src/test/resources/fixtures", root, folder);
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".request.json"))
                        .map(f -> f.substring(0, f.length() - ".request.json".length()))
                        .filter(name -> url(root, folder, name).contains("chat/completions"))
                        .sorted().map(name -> Arguments.of(root + '/' + name, root, folder, name)).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void sendsTheRecordedBodyAndDecodesTheRecordedAnswer(String label, String root, String folder, String name)
            throws Exception {
        final JsonNode recorded = Fixtures.json(root, folder, name + ".request.json");
        final OpenAiChatRequest request = OpenAiChatRequestReader.read(recorded);
        final String url = url(root, folder, name);
        final OpenAiEndpoints endpoints = "azure".equals(root)
                ? new AzureEndpoints(!url.contains("/deployments/"), "2024-12-01-preview", Map.of())
                : OpenAiEndpoints.STANDARD;
        final URI base = "azure".equals(root) ? server.baseUri("/azure-replay/" + name)
                                              : server.baseUri(folder, name);
        final OpenAiProvider provider = new OpenAiProvider(
                OpenAiSettings.of(root, base, "sk-test-0123456789").withAuthHeader("azure".equals(root) ? "api-key"
                                                                                                          : "authorization"),
                ClientFactory.ofDefault(), endpoints);
        final int status = Fixtures.json(root, folder, name + ".meta.json").at("/response/status").asInt();

        final String content = send(provider, request, status);

        final JsonNode sent = server.takeRequest("azure".equals(root) ? "azure/" + name : folder + '/' + name).json();
        final JsonNode expected = JsonTrees.asLlmgWouldSendIt(recorded);
        if (!request.stream() || !expected.has("stream_options")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) sent).remove("stream_options"); // llmg always asks
        }
        if (expected.path("stream").isBoolean() && !expected.get("stream").asBoolean()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("stream"); // the default, unsaid
        }
        assertThat(JsonTrees.diff(expected, sent)).as("differences from the recorded request")
                                                 .isEqualTo(KNOWN_DIFFERENCES.getOrDefault(label, List.of()));
        if (status == 200 && Fixtures.exists(root, folder, name + ".response.json")) {
            final JsonNode answer = Fixtures.json(root, folder, name + ".response.json");
            final JsonNode text = answer.at("/choices/0/message/content");
            if (text.isTextual()) {
                assertThat(content).isEqualTo(text.asText());
            }
        }
    }

    private static String send(OpenAiProvider provider, OpenAiChatRequest request, int status) throws Exception {
        final ChatRequest chat = request.chat();
        try {
            if (request.stream()) {
                final StreamedAnswer answer = new StreamedAnswer(provider.stream(chat, Attempt.unlimited()).collect().get(10, TimeUnit.SECONDS));
                assertThat(status).isEqualTo(200);
                return answer.content.toString();
            }
            final CreateChatCompletionResponse response = provider.complete(chat, Attempt.unlimited()).join();
            assertThat(status).isEqualTo(200);
            final StringBuilder text = new StringBuilder();
            response.getChoices(0).getMessage().getContentList().forEach(p -> text.append(p.getText()));
            return text.toString();
        } catch (CompletionException | ExecutionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(ProviderException.class,
                                                            p -> assertThat(p.providerStatus()).isEqualTo(status));
            return "";
        }
    }

    private static String url(String root, String folder, String name) {
        return Fixtures.json(root, folder, name + ".meta.json").at("/request/url").asText();
    }

    /** Replays an Azure fixture whatever path the client chose, remembering the request under azure/NAME. */
    private static final class HttpResponseOf {
        static com.linecorp.armeria.common.HttpResponse replay(com.linecorp.armeria.common.HttpRequest req, String name) {
            return com.linecorp.armeria.common.HttpResponse.of(req.aggregate().thenApply(r -> {
                server.remember("azure/" + name, r);
                return ReplayServer.replay("azure", "azure", name);
            }));
        }
    }

}
