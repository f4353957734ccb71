package dev.llmg.internal.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class OpenAiSettingsTest {

    private static final String KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz";

    @Test
    void dropsTrailingSlashesFromTheBaseUri() {
        assertThat(OpenAiSettings.of("openai", URI.create("https://api.openai.com/v1/"), KEY).baseUri())
                .isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(OpenAiSettings.of("local", URI.create("http://localhost:11434/"), "").baseUri())
                .isEqualTo(URI.create("http://localhost:11434"));
    }

    @Test
    void neverPrintsTheKey() {
        final OpenAiSettings settings = OpenAiSettings.of("openai", OpenAiSettings.OPENAI_BASE_URI, KEY);

        assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=<redacted>");
        assertThat(OpenAiSettings.of("local", OpenAiSettings.OPENAI_BASE_URI, "").toString())
                .contains("apiKey=<none>");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> OpenAiSettings.of(" ", OpenAiSettings.OPENAI_BASE_URI, KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenAiSettings.of("openai", URI.create("ftp://example.com/v1"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenAiSettings.of("openai", URI.create("/v1"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenAiSettings.of("openai", URI.create("https://example.com/v1?x=1"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenAiSettings.of("openai", URI.create("https://me:secret@example.com/v1"), KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> OpenAiSettings.of("openai", OpenAiSettings.OPENAI_BASE_URI, KEY + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> OpenAiSettings.of("openai", OpenAiSettings.OPENAI_BASE_URI, KEY)
                                               .withResponseTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
