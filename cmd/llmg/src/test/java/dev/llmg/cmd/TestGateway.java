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
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.internal.telemetry.OpenTelemetrySetup;

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
    private final OpenTelemetrySetup telemetry;
    private final Map<String, String> environment;
    private volatile LlmgComponent component;

    TestGateway(String yaml) {
        this(() -> yaml);
    }

    /** Creates a gateway whose spans and metrics go where {@code telemetry}'s SDK sends them. */
    TestGateway(Supplier<String> yaml, OpenTelemetrySetup telemetry) {
        this(yaml, telemetry, Map.of());
    }

    /** Creates a gateway whose configuration's {@code env:} references read {@code environment}. */
    TestGateway(Supplier<String> yaml, Map<String, String> environment) {
        this(yaml, OpenTelemetrySetup.fromEnvironment(), environment);
    }

    private TestGateway(Supplier<String> yaml, OpenTelemetrySetup telemetry, Map<String, String> environment) {
        this.yaml = yaml;
        this.telemetry = telemetry;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Creates a gateway whose configuration is read only when it starts, so that it can name an upstream
     * started before it (register the upstream with a lower {@code @Order}).
     */
    TestGateway(Supplier<String> yaml) {
        this(yaml, OpenTelemetrySetup.fromEnvironment());
    }

    @Override
    protected void configure(ServerBuilder sb) {
        component = configureWith(sb, yaml.get(), telemetry, environment);
    }

    /** Returns the component of the running gateway, to reach what it wired (e.g. its inference store). */
    LlmgComponent component() {
        return component;
    }

    /** Puts llmg, configured by {@code yaml}, on the server builder, as {@code main} does; returns its component. */
    static LlmgComponent configureWith(ServerBuilder sb, String yaml) {
        return configureWith(sb, yaml, OpenTelemetrySetup.fromEnvironment());
    }

    /** Puts llmg on the server builder with the OpenTelemetry SDK {@code telemetry} makes; returns its component. */
    static LlmgComponent configureWith(ServerBuilder sb, String yaml, OpenTelemetrySetup telemetry) {
        return configureWith(sb, yaml, telemetry, Map.of());
    }

    /** Puts llmg on the server builder, its {@code env:} references reading {@code environment}. */
    static LlmgComponent configureWith(ServerBuilder sb, String yaml, OpenTelemetrySetup telemetry,
                                       Map<String, String> environment) {
        final LlmgComponent component = LlmgComponent.create(
                ConfigSource.fixed(new ConfigLoader(environment).parse(TestStorage.withDefaults(yaml))), telemetry);
        component.serverConfigurator().configure(sb);
        return component;
    }

    /** Returns a one-message request from the user to {@code model}. */
    static ChatRequest ask(String model, String text) {
        return ChatRequest.newBuilder().setModel(model)
                          .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                              .addContent(ContentPart.newBuilder().setText(text)))
                          .build();
    }
}
