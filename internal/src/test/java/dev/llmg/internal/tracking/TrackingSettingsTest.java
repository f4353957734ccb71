package dev.llmg.internal.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;

class TrackingSettingsTest {

    @Test
    void theExampleConfigSaysTheDefaults() throws Exception {
        final TrackingSettings example = TrackingSettings.from(new ConfigLoader(Map.of()).load(
                Path.of("..", "config", "config.example.yaml"), Map.of()));
        assertThat(example).isEqualTo(TrackingSettings.from(new ConfigLoader(Map.of()).parse("{}\n")));
        assertThat(example).isEqualTo(new TrackingSettings(true, 10_000, 500, Duration.ofMillis(200),
                                                           Path.of("./data/spill"), Optional.empty(), false,
                                                           64 * 1024, Duration.ofSeconds(30)));
    }

    @Test
    void retentionTakesDays() {
        assertThat(settings("retention: 30d").retention()).contains(Duration.ofDays(30));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "retention: 10m       | tracking.retention: must be at least 1h",
            "flush_interval: 0ms  | tracking.flush_interval: must be between 1ms and 1m",
            "body_limit: 10MiB    | tracking.body_limit: must be between 256 and 976KiB",
            "queue_size: 0        | tracking.queue_size: must be between 1 and 10000000",
            "spill: here          | tracking.spill: unknown key; expected one of [batch_size, body_limit",
    })
    void badValuesAreRefusedNamingTheKey(String yaml, String message) {
        assertThatThrownBy(() -> settings(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    private static TrackingSettings settings(String yaml) {
        return TrackingSettings.from(new ConfigLoader(Map.of()).parse("tracking: {" + yaml + "}\n"));
    }
}
