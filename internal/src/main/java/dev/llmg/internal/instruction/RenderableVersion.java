package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.Struct;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.InstructionMessage;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.chat.ChatRequestValidator;
import dev.llmg.spi.GatewayException;

/**
 * One version of an instruction with its templates compiled, ready to render on the hot path: compiling happens
 * once, when the version is created or loaded, and a template that does not compile never gets this far.
 */
final class RenderableVersion {

    private static final Set<Role> ROLES = Set.of(Role.ROLE_SYSTEM, Role.ROLE_DEVELOPER, Role.ROLE_USER,
                                                  Role.ROLE_ASSISTANT);

    private final InstructionVersion spec;
    private final List<MessageTemplate> templates;
    private final Set<String> used;
    private final Set<String> required;

    private RenderableVersion(InstructionVersion spec, List<MessageTemplate> templates, Set<String> used,
                              Set<String> required) {
        this.spec = spec;
        this.templates = templates;
        this.used = used;
        this.required = required;
    }

    /**
     * Compiles {@code spec}'s templates and returns it with {@code variables} set to what they use; throws
     * INVALID_ARGUMENT naming the message (under {@code field}) whose template is bad, or a role it may not have.
     */
    static RenderableVersion compile(InstructionVersion spec, String field) {
        requireNonNull(spec, "spec");
        if (spec.getMessagesCount() == 0) {
            throw GatewayException.invalidArgument(field + ".messages",
                                                   field + ".messages must hold at least one message template");
        }
        final List<MessageTemplate> templates = new ArrayList<>();
        final Set<String> used = new TreeSet<>();
        final Set<String> named = new TreeSet<>();
        final Set<String> required = new TreeSet<>();
        for (int i = 0; i < spec.getMessagesCount(); i++) {
            final InstructionMessage message = spec.getMessages(i);
            final String at = field + ".messages[" + i + ']';
            if (!ROLES.contains(message.getRole())) {
                throw GatewayException.invalidArgument(at + ".role", at + ".role must be ROLE_SYSTEM, "
                                                       + "ROLE_DEVELOPER, ROLE_USER or ROLE_ASSISTANT");
            }
            final MessageTemplate template;
            try {
                template = MessageTemplate.compile(message.getTemplate());
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalidArgument(at + ".template",
                                                       at + ".template is not a valid template: " + e.getMessage());
            }
            templates.add(template);
            used.addAll(template.used());
            named.addAll(template.named());
            required.addAll(template.required());
        }
        checkSettings(spec, field);
        final InstructionVersion described = spec.toBuilder().clearVariables().addAllVariables(named).build();
        return new RenderableVersion(described, List.copyOf(templates), Set.copyOf(used),
                                     Collections.unmodifiableSet(required));
    }

    /**
     * Checks the version's settings (parameters, tools, response format) by the rules every request is checked by,
     * on the request it makes with a placeholder message, so that a bad one is refused when the version is created
     * or its file read, rather than by each call.
     */
    private static void checkSettings(InstructionVersion version, String field) {
        final ChatRequest made = InstructionRequests.into(
                ChatRequest.newBuilder().setModel(version.getModel().isEmpty() ? "unset" : version.getModel()).build(),
                version, List.of(Message.newBuilder().setRole(Role.ROLE_USER)
                                        .addContent(ContentPart.newBuilder().setText("placeholder")).build()));
        try {
            ChatRequestValidator.validate(made);
        } catch (GatewayException e) {
            throw GatewayException.invalidArgument(field + '.' + e.field(), field + '.' + e.getMessage());
        }
    }

    /** Returns the version as stored, with the variables its templates use. */
    InstructionVersion spec() {
        return spec;
    }

    /**
     * Renders its messages with {@code variables}; INVALID_ARGUMENT naming a variable a template needs that is
     * missing, or one given that no template uses.
     */
    List<Message> render(Struct variables, String instruction) {
        final Set<String> given = variables.getFieldsMap().keySet();
        for (String name : required) {
            if (!given.contains(name)) {
                throw GatewayException.invalidArgument("variables." + name, "variables." + name + " is missing: "
                        + "instruction " + instruction + " uses {{" + name + "}}; it needs " + required);
            }
        }
        for (String name : new TreeSet<>(given)) {
            if (!used.contains(name)) {
                throw GatewayException.invalidArgument("variables." + name, "variables." + name + " is unknown: "
                        + "instruction " + instruction + " uses " + (spec.getVariablesCount() == 0 ? "no variables"
                                                                            : spec.getVariablesList()));
            }
        }
        final Map<String, Object> scope = StructValues.of(variables);
        final List<Message> messages = new ArrayList<>(templates.size());
        for (int i = 0; i < templates.size(); i++) {
            messages.add(Message.newBuilder().setRole(spec.getMessages(i).getRole())
                                .addContent(ContentPart.newBuilder().setText(templates.get(i).render(scope)))
                                .build());
        }
        return messages;
    }
}
