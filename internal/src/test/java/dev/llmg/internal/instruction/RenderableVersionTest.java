package dev.llmg.internal.instruction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import dev.llmg.api.gateway.v1.InstructionMessage;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Templates render with Mustache as prompts need: values as given (no HTML escaping), numbers as written, lists and
 * objects through sections; a missing or unknown variable, or a bad template, is INVALID_ARGUMENT naming it.
 */
class RenderableVersionTest {

    @Test
    void rendersStringsNumbersBooleansListsAndObjectsWithoutEscaping() throws Exception {
        final RenderableVersion version = compile(
                "You answer in {{lang}} for <{{user.name}}> & co, {{count}} points, ratio {{ratio}}.",
                "{{#strict}}Be strict.{{/strict}}{{^strict}}Be kind.{{/strict}} Topics:{{#topics}} [{{.}}]{{/topics}}"
                + "{{#people}} {{name}}={{age}}{{/people}}");

        assertThat(version.spec().getVariablesList())
                .containsExactly("count", "lang", "people", "ratio", "strict", "topics", "user");
        final List<Message> messages = version.render(struct("""
                {"lang": "French \\"quoted\\"", "user": {"name": "Ann & Bob"}, "count": 3, "ratio": 0.25,
                 "strict": true, "topics": ["tides", "<moon>"], "people": [{"name": "a", "age": 1}]}"""), "t");

        assertThat(text(messages.get(0)))
                .isEqualTo("You answer in French \"quoted\" for <Ann & Bob> & co, 3 points, ratio 0.25.");
        assertThat(messages.get(0).getRole()).isEqualTo(Role.ROLE_SYSTEM);
        assertThat(text(messages.get(1))).isEqualTo("Be strict. Topics: [tides] [<moon>] a=1");
        assertThat(messages.get(1).getRole()).isEqualTo(Role.ROLE_USER);
    }

    @Test
    void aMissingVariableIsNamedButOneUsedOnlyInSectionsIsOptional() throws Exception {
        final RenderableVersion version = compile("Hi {{name}}.", "{{#extra}}Also {{extra}}.{{/extra}}");

        assertThatThrownBy(() -> version.render(struct("{}"), "greet@1"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("variables.name");
                    assertThat(e.getMessage()).contains("variables.name is missing").contains("greet@1");
                });
        assertThat(text(version.render(struct("{\"name\": \"Ann\"}"), "greet").get(1))).isEmpty();
    }

    @Test
    void aVariableNoTemplateUsesIsNamed() throws Exception {
        final RenderableVersion version = compile("Hi {{name}}.", "Go.");

        assertThatThrownBy(() -> version.render(struct("{\"name\": \"Ann\", \"nmae\": \"x\"}"), "greet"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.field()).isEqualTo("variables.nmae");
                    assertThat(e.getMessage()).contains("variables.nmae is unknown").contains("[name]");
                });
    }

    @Test
    void aBadTemplateIsRefusedWithTheReasonAndPartialsAreRefused() {
        assertThatThrownBy(() -> compile("fine", "{{#open}} never closed"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("version.messages[1].template");
                    assertThat(e.getMessage()).contains("is not a valid template").contains("open");
                });
        assertThatThrownBy(() -> compile("{{> /etc/passwd}}", "x"))
                .isInstanceOfSatisfying(GatewayException.class,
                                        e -> assertThat(e.getMessage()).contains("partials are not supported"));
        assertThatThrownBy(() -> RenderableVersion.compile(InstructionVersion.getDefaultInstance(), "version"))
                .hasMessageContaining("version.messages must hold at least one message template");
    }

    private static RenderableVersion compile(String system, String user) {
        return RenderableVersion.compile(InstructionVersion.newBuilder()
                .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_SYSTEM).setTemplate(system))
                .addMessages(InstructionMessage.newBuilder().setRole(Role.ROLE_USER).setTemplate(user))
                .build(), "version");
    }

    private static Struct struct(String json) throws Exception {
        final Struct.Builder struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }

    private static String text(Message message) {
        return message.getContent(0).getText();
    }
}
