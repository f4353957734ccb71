package dev.llmg.cmd;

import java.util.Map;
import java.util.function.Supplier;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.config.ConfigLoader;

/** Starts the real gateway, wired by the same Dagger component as {@code main}, on a random port. */
class TestGateway extends ServerExtension {

    static final String SIMULATOR_ONLY = String.join("\n",
            "providers:",
            "  simulator:",
            "    type: simulator",
            "models:",
            "  - name: sim-echo",
            "    provider: simulator",
            "");

    private final Supplier<String> yaml;

    TestGateway(String yaml) {
        this(() -> yaml);
    }

    /**
     * Creates a gateway whose configuration is read only when it starts, so that it can name an upstream
     * started before it (register the upstream with a lower {@code @Order}).
     */
    TestGateway(Supplier<String> yaml) {
        this.yaml = yaml;
    }

    @Override
    protected void configure(ServerBuilder sb) {
        configureWith(sb, yaml.get());
    }

    /** Puts llmg, configured by {@code yaml}, on the server builder, as {@code main} does. */
    static void configureWith(ServerBuilder sb, String yaml) {
        LlmgComponent.create(new ConfigLoader(Map.of()).parse(yaml)).serverConfigurator().configure(sb);
    }

    /** Returns a one-message request from the user to {@code model}. */
    static ChatRequest ask(String model, String text) {
        return ChatRequest.newBuilder().setModel(model)
                          .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                              .addContent(ContentPart.newBuilder().setText(text)))
                          .build();
    }
}
