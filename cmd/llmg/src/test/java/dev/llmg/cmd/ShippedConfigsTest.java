package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.linecorp.armeria.server.Server;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;

/**
 * Every configuration shipped in {@code config/} (the default, the documented example of every key, and the
 * examples the README walks through) wires a whole gateway: every key is known and every value valid, as
 * {@code main} would check it at start-up.
 */
class ShippedConfigsTest {

    static Stream<Path> shipped() throws IOException {
        final Path config = Path.of("..", "..", "config");
        final List<Path> files = new java.util.ArrayList<>(List.of(config.resolve("config.yaml"),
                                                                   config.resolve("config.example.yaml")));
        final Path examples = config.resolve("examples");
        if (Files.isDirectory(examples)) {
            try (Stream<Path> each = Files.list(examples)) {
                each.filter(file -> file.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void wiresAWholeGateway(Path file) {
        final LlmgComponent component = LlmgComponent.create(ConfigSource.file(new ConfigLoader(Map.of()), file,
                                                                               Map.of("server.port", "0")));
        final var sb = Server.builder();
        component.serverConfigurator().configure(sb);
        assertThat(component.reloader().reload()).as("reading it again is accepted too").isTrue();
    }
}
