package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void defaultsToTheOfflineConfig() {
        final CommandLine commandLine = CommandLine.parse();
        assertThat(commandLine.config()).isEqualTo(Path.of("config", "config.yaml"));
        assertThat(commandLine.overrides()).isEmpty();
    }

    @Test
    void takesAConfigPathAndAPort() {
        final CommandLine commandLine = CommandLine.parse("-c", "other.yaml", "--port", "9090");
        assertThat(commandLine.config()).isEqualTo(Path.of("other.yaml"));
        assertThat(commandLine.overrides()).isEqualTo(Map.of("server.port", "9090"));
    }

    @Test
    void rejectsWhatItDoesNotKnowWithAMessage() {
        assertThatThrownBy(() -> CommandLine.parse("--port", "eighty")).hasMessageContaining("--port takes a number");
        assertThatThrownBy(() -> CommandLine.parse("--config")).hasMessageContaining("--config needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--verbose")).hasMessageContaining("unknown argument '--verbose'");
    }
}
