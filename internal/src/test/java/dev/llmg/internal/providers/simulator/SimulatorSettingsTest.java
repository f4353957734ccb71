package dev.llmg.internal.providers.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.config.ConfigException;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;

class SimulatorSettingsTest {

    @Test
    void readsEveryFault() {
        final SimulatorSettings settings = read(String.join("\n",
                "latency: 100ms",
                "chunks_per_second: 20",
                "faults:",
                "  rate_limited: { share: 0.2, retry_after: 1s }",
                "  server_errors: { share: 0.1, status: 503 }",
                "  stalls: { share: 0.05, for: 30s }",
                "  fail_after_pieces: { share: 0.1, pieces: 3 }",
                "  latency_jitter: 50ms",
                "  seed: 42"));
        final SimulatorFaults faults = settings.faults();
        assertThat(faults.rateLimited()).isEqualTo(new SimulatorFaults.RateLimited(0.2, Duration.ofSeconds(1)));
        assertThat(faults.serverErrors()).isEqualTo(new SimulatorFaults.ServerErrors(0.1, 503));
        assertThat(faults.stalls()).isEqualTo(new SimulatorFaults.Stalls(0.05, Duration.ofSeconds(30)));
        assertThat(faults.failAfterPieces()).isEqualTo(new SimulatorFaults.FailAfterPieces(0.1, 3));
        assertThat(faults.latencyJitter()).isEqualTo(Duration.ofMillis(50));
        assertThat(faults.seed()).isEqualTo(42L);
    }

    @Test
    void withoutFaultsItNeverFails() {
        assertThat(read("latency: 10ms").faults()).isEqualTo(SimulatorFaults.NONE);
        assertThat(read("faults: {}").faults()).isEqualTo(SimulatorFaults.NONE);
        assertThat(read("faults: { rate_limited: { share: 0.5 } }").faults().rateLimited().retryAfter())
                .as("no Retry-After unless asked").isNull();
        assertThat(read("faults: { server_errors: { share: 0.5 } }").faults().serverErrors().status()).isEqualTo(500);
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        assertRefused("faults: { rate_limted: { share: 0.1 } }", "providers.flaky.faults.rate_limted",
                      "unknown key");
        assertRefused("faults: { stalls: { share: 0.1, for: 1s, until: 2s } }", "providers.flaky.faults.stalls.until",
                      "unknown key");
        assertRefused("fault: {}", "providers.flaky.fault", "unknown key");
    }

    @Test
    void refusesValuesThatMakeNoSense() {
        assertRefused("faults: { rate_limited: { share: 1.5 } }", "providers.flaky.faults.rate_limited", "share");
        assertRefused("faults: { rate_limited: { retry_after: 1s } }", "providers.flaky.faults.rate_limited",
                      "share is required");
        assertRefused("faults: { rate_limited: { share: 0.1, retry_after: soon } }",
                      "providers.flaky.faults.rate_limited.retry_after", "duration");
        assertRefused("faults: { server_errors: { share: 0.1, status: 418 } }",
                      "providers.flaky.faults.server_errors", "500, 502, 503, 504 or 529");
        assertRefused("faults: { stalls: { share: 0.1 } }", "providers.flaky.faults.stalls", "for is required");
        assertRefused("faults: { fail_after_pieces: { share: 0.1, pieces: -1 } }",
                      "providers.flaky.faults.fail_after_pieces", "pieces");
        assertRefused("faults: { fail_after_pieces: { share: 0.1 } }", "providers.flaky.faults.fail_after_pieces",
                      "pieces");
        assertRefused("faults: { latency_jitter: lots }", "providers.flaky.faults.latency_jitter", "duration");
        assertRefused("faults: [ rate_limited ]", "providers.flaky.faults", "mapping");
    }

    @Test
    void refusesSharesThatAddUpToMoreThanOne() {
        assertRefused(String.join("\n",
                "faults:",
                "  rate_limited: { share: 0.5 }",
                "  server_errors: { share: 0.3 }",
                "  stalls: { share: 0.3, for: 1s }"), "providers.flaky.faults", "add up to 1.1");
        assertThat(read(String.join("\n",
                "faults:",
                "  rate_limited: { share: 0.5 }",
                "  server_errors: { share: 0.3 }",
                "  stalls: { share: 0.1, for: 1s }",
                "  fail_after_pieces: { share: 0.1, pieces: 0 }")).faults().failAfterPieces().share())
                .as("exactly 1 is fine").isEqualTo(0.1);
    }

    @Test
    void theFactoryMakesAFaultySimulatorFromItsSection() {
        final ConfigSection section = new ConfigLoader(Map.of()).parse(String.join("\n",
                "providers:",
                "  flaky:",
                "    type: simulator",
                "    faults: { server_errors: { share: 1 } }")).sectionOrEmpty("providers").sectionOrEmpty("flaky");
        final ChatProvider simulator = new SimulatorProviderFactory().create("flaky", section).client().orElseThrow();
        final ChatRequest hello = ChatRequest.newBuilder().setModel("sim").addMessages(Message.newBuilder()
                .setRole(Role.ROLE_USER).addContent(ContentPart.newBuilder().setText("hello"))).build();
        assertThatThrownBy(() -> simulator.complete(hello, Attempt.unlimited()).join())
                .hasMessageContaining("flaky answered HTTP 500");
    }

    private static SimulatorSettings read(String yaml) {
        return SimulatorSettings.from(section(yaml));
    }

    private static ConfigSection section(String yaml) {
        final String indented = ("type: simulator\n" + yaml).replaceAll("(?m)^", "    ");
        return new ConfigLoader(Map.of()).parse("providers:\n  flaky:\n" + indented)
                                         .sectionOrEmpty("providers").sectionOrEmpty("flaky");
    }

    private static void assertRefused(String yaml, String path, String words) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(ConfigException.class)
                                            .hasMessageStartingWith(path)
                                            .hasMessageContaining(words);
    }
}
