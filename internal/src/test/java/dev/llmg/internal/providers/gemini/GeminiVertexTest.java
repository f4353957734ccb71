package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.assertSentAsRecordedFrom;
import static dev.llmg.internal.providers.gemini.GeminiCompleteTest.usage;
import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateEmbeddingsRequest;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.StreamedAnswer;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * Sends requests to Vertex AI's recorded answers (a project and location in the path, a bearer token, no
 * candidate index in the answer), and reads the Vertex keys of a {@code type: gemini} config section.
 */
class GeminiVertexTest {

    private static final String TOKEN = "ya29.vertex-test-token-0123456789";

    @RegisterExtension
    static final ReplayServer server = new ReplayServer("gemini", sb -> {});

    @Test
    void streamsFromAProjectAndLocationWithABearerToken() throws Exception {
        final StreamedAnswer answer = new StreamedAnswer(vertex("vertex-stream-text").stream(ChatRequest.newBuilder()
                .setModel("gemini-2.5-flash").addMessages(user("Count from 1 to 3")).build(), Attempt.unlimited())
                .collect().get(10, TimeUnit.SECONDS));

        final ReplayServer.ReceivedRequest sent = server.takeRequest("gemini", "vertex-stream-text");
        assertSentAsRecordedFrom(sent.json(), "vertex-stream-text");
        assertThat(sent.headers().path()).isEqualTo("/replay/gemini/vertex-stream-text/v1/v1/projects/my-project/"
                + "locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(sent.headers().get("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.headers().contains("x-goog-api-key")).isFalse();
        assertThat(answer.content).hasToString("1, 2, 3");
        assertThat(answer.pieces.get(0).getChoices(0).getIndex()).isZero();
        assertThat(answer.finishReason).isEqualTo(FinishReason.FINISH_REASON_STOP);
        assertThat(answer.usage).isEqualTo(usage(7, 7 + 25, 39, 0, 25));
    }

    @Test
    void anInputTooLongIsTheCallersMistake() {
        final Throwable thrown = catchThrowable(() -> vertex("vertex-error-400-input-too-long").complete(
                ChatRequest.newBuilder().setModel("gemini-2.5-flash").addMessages(user("Hi")).build(),
                Attempt.unlimited()).join());

        assertThat(thrown).isInstanceOf(CompletionException.class);
        final ProviderException e = (ProviderException) thrown.getCause();
        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(e.reason()).isEqualTo("INVALID_ARGUMENT");
        assertThat(e.getMessage()).contains("exceeds the maximum number of tokens allowed").doesNotContain(TOKEN);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void embeddingsAreRefusedOnVertex() {
        final Throwable thrown = catchThrowable(() -> vertex("nowhere").embed(CreateEmbeddingsRequest.newBuilder()
                .setModel("text-embedding-005").addInputs("x").build(), Attempt.unlimited()).join());

        assertThat(thrown.getCause()).isInstanceOf(GatewayException.class).hasMessageContaining("not on Vertex AI");
    }

    @Test
    void theConfigNamesTheProjectLocationAndToken() {
        final GeminiProvider regional = (GeminiProvider) configured(
                "project: my-project\n    location: europe-west4\n    access_token: env:TOKEN").client().orElseThrow();
        assertThat(regional.settings().baseUri()).isEqualTo(URI.create("https://europe-west4-aiplatform.googleapis.com"));
        assertThat(regional.settings().vertex()).isTrue();
        assertThat(regional.settings().apiKey()).isEqualTo(TOKEN);
        assertThat(regional.modelPath("gemini-2.5-flash")).isEqualTo(
                "/v1/projects/my-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash");

        final GeminiProvider global = (GeminiProvider) configured("project: p1\n    location: global\n    "
                                                                  + "access_token: env:TOKEN").client().orElseThrow();
        assertThat(global.settings().baseUri()).isEqualTo(URI.create("https://aiplatform.googleapis.com"));

        final GeminiProvider api = (GeminiProvider) configured("api_key: env:TOKEN").client().orElseThrow();
        assertThat(api.settings().baseUri()).isEqualTo(GeminiSettings.GEMINI_BASE_URI);
        assertThat(api.settings().vertex()).isFalse();

        assertThat(configured("project: p1\n    access_token: env:UNSET").unavailableReason()).get().asString()
                .contains("access_token");
        assertThat(catchThrowable(() -> configured("project: p1\n    api_key: env:TOKEN")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("access_token");
        assertThat(catchThrowable(() -> configured("project: Bad/../x\n    access_token: env:TOKEN")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("project");
    }

    private static ConfiguredProvider configured(String yaml) {
        return new GeminiProviderFactory().create("g", new ConfigLoader(Map.of("TOKEN", TOKEN))
                .parse("providers:\n  g:\n    type: gemini\n    " + yaml + "\n").namedSections("providers").get("g"));
    }

    private static GeminiProvider vertex(String fixture) {
        return new GeminiProvider(GeminiSettings.vertex("vertex", server.baseUri("gemini", fixture), TOKEN,
                                                        "my-project", "global"), ClientFactory.ofDefault());
    }
}
