package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;

/**
 * Instruction files are read again with the configuration: an edited file (a new version, a moved label) is in use
 * after a reload, and a bad one is refused, naming the file, while the instructions in use stay.
 */
class InstructionFilesReloadTest {

    private static final Path DIR = directory();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers: {simulator: {type: simulator, latency: 1ms}}",
            "models: [{name: sim-echo, provider: simulator}]",
            "tracking: {enabled: false}",
            "instructions: {dir: \"" + DIR + "\"}",
            ""));

    @Test
    void anEditedFileIsInUseAfterAReloadAndABadOneChangesNothing() throws Exception {
        assertThat(render()).isEqualTo("Hello v1");

        write("labels: {production: 2}\nversions:\n"
              + "  - messages: [{role: system, template: Hello v1}]\n"
              + "  - messages: [{role: system, template: Hello v2}]\n");
        assertThat(gateway.component().reloader().reload()).isTrue();
        assertThat(render()).isEqualTo("Hello v2");

        write("versions:\n  - messages: [{role: system, template: \"{{#open}}\"}]\n");
        assertThat(gateway.component().reloader().reload()).as("a bad file refuses the reload").isFalse();
        assertThat(render()).isEqualTo("Hello v2");
    }

    private static String render() throws Exception {
        final JsonNode answer = new AdminRest(gateway, null).ok(HttpMethod.POST, "/api/v1/instructions:render",
                                                                "{\"instruction\": \"hello\"}");
        return answer.path("request").path("messages").get(0).path("content").get(0).path("text").asText();
    }

    private static void write(String yaml) throws IOException {
        Files.writeString(DIR.resolve("hello.yaml"), yaml);
    }

    private static Path directory() {
        try {
            final Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "instructions");
            Files.writeString(dir.resolve("hello.yaml"),
                              "versions:\n  - messages: [{role: system, template: Hello v1}]\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
