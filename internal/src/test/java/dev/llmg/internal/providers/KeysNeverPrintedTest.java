package dev.llmg.internal.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.providers.anthropic.AnthropicSettings;
import dev.llmg.internal.providers.bedrock.BedrockCredentials;
import dev.llmg.internal.providers.bedrock.BedrockSettings;
import dev.llmg.internal.providers.gemini.GeminiSettings;
import dev.llmg.internal.providers.openai.OpenAiSettings;

/**
 * Everything that holds a provider key and may end up in a log describes itself without it: the settings of
 * every provider type (Azure and OpenAI-compatible ones are OpenAI settings with another auth header), the
 * key as read from the config, and the errors of a base URL that carries a credential.
 */
class KeysNeverPrintedTest {

    private static final String KEY = "sk-proj-Zx81bQk2LmN0pQrStUvWxYz0123456789abcdEF";
    private static final String AZURE_KEY = "c0ffee4d2b9a4e6f8a1b3c5d7e9f0a2b";

    @Test
    void openAiAzureAndCompatibleSettings() {
        final OpenAiSettings openai = OpenAiSettings.of("openai", OpenAiSettings.OPENAI_BASE_URI, KEY);
        final OpenAiSettings azure = OpenAiSettings.of("azure", URI.create("https://r.openai.azure.com"), AZURE_KEY)
                                                   .withAuthHeader("api-key");
        final OpenAiSettings compatible = OpenAiSettings.of("vllm", URI.create("http://127.0.0.1:8000/v1"), KEY)
                                                        .withAuthHeader("x-api-key").withEstimateUsage(true);

        assertThat(openai.toString()).doesNotContain(KEY).contains("apiKey=<redacted>");
        assertThat(azure.toString()).doesNotContain(AZURE_KEY).contains("apiKey=<redacted>");
        assertThat(compatible.toString()).doesNotContain(KEY).contains("apiKey=<redacted>");
    }

    @Test
    void anthropicSettings() {
        final AnthropicSettings settings = AnthropicSettings.of("anthropic", AnthropicSettings.ANTHROPIC_BASE_URI, KEY);

        assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=<redacted>");
    }

    @Test
    void geminiSettings() {
        final GeminiSettings settings = GeminiSettings.of("gemini", GeminiSettings.GEMINI_BASE_URI, KEY);

        assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=<redacted>");
    }

    @Test
    void bedrockSettings() {
        final BedrockSettings keys = BedrockSettings.of("bedrock", BedrockSettings.endpoint("us-east-1"), "us-east-1",
                BedrockCredentials.keys("AKIDEXAMPLELLMG12345", KEY, AZURE_KEY));
        final BedrockSettings bearer = BedrockSettings.of("bedrock", BedrockSettings.endpoint("us-east-1"),
                                                          "us-east-1", BedrockCredentials.apiKey(KEY));

        assertThat(keys.toString()).doesNotContain(KEY, AZURE_KEY, "AKIDEXAMPLELLMG12345");
        assertThat(bearer.toString()).doesNotContain(KEY).contains("a Bedrock API key");
    }

    @Test
    void theKeyAsReadFromTheConfig() {
        final ProviderKey key = ProviderKey.read(
                new ConfigLoader(Map.of("KEY", KEY)).parse("providers: {p: {api_key: 'env:KEY'}}")
                                                    .namedSections("providers").get("p"),
                true);

        assertThat(key.value()).isEqualTo(KEY);
        assertThat(key.toString()).doesNotContain(KEY).contains("<redacted>");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://generativelanguage.googleapis.com/v1beta?key=AIzaSyA-1234567890abcdefghijklmnopqrs",
            "ftp://user:AIzaSyA-1234567890abcdefghijklmnopqrs@example.com/v1",
            "http://user:AIzaSyA-1234567890abcdefghijklmnopqrs@/v1"
    })
    void aBaseUrlThatIsRefusedIsNotEchoedWithItsCredential(String url) {
        final Throwable refused = catchThrowable(() -> OpenAiSettings.of("gemini", URI.create(url), ""));

        assertThat(refused).isInstanceOf(IllegalArgumentException.class);
        assertThat(refused.getMessage()).startsWith("baseUri must").doesNotContain("AIzaSyA-1234567890");
    }
}
