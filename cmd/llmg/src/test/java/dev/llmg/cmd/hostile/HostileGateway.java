package dev.llmg.cmd.hostile;

import java.util.Map;
import java.util.function.Supplier;

import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.cmd.LlmgComponent;
import dev.llmg.cmd.TestStorage;
import dev.llmg.internal.config.ConfigLoader;

/**
 * The real gateway, wired by the same Dagger component as {@code main}, on a random port, for one test class.
 * It stops without a quiet period, since nothing is in flight when a class ends.
 */
final class HostileGateway extends ServerExtension {

    /** A simulator that answers at once ({@value BaseRequests#MODEL}) and one that takes its time. */
    static final String SIMULATORS = String.join("\n",
            "providers:",
            "  simulator: {type: simulator}",
            "  slow-simulator: {type: simulator, latency: 1500ms}",
            "models:",
            "  - {name: " + BaseRequests.MODEL + ", provider: simulator}",
            "  - {name: sim-slow, provider: slow-simulator}",
            "");

    /** The body limit of the hostile gateways: small, so that crossing it costs little. */
    static final int MAX_REQUEST_LENGTH = 1 << 20;

    private final Supplier<String> providersAndModels;

    /** Creates a gateway serving the simulators. */
    HostileGateway() {
        this(() -> SIMULATORS);
    }

    /** Creates a gateway whose providers and models are read when it starts (after an upstream it names). */
    HostileGateway(Supplier<String> providersAndModels) {
        this.providersAndModels = providersAndModels;
    }

    @Override
    protected void configure(ServerBuilder sb) {
        final String yaml = String.join("\n",
                "server:",
                "  max_request_length: " + MAX_REQUEST_LENGTH,
                "  graceful_shutdown: {quiet_period: 0s, timeout: 1s}",
                providersAndModels.get());
        LlmgComponent.create(new ConfigLoader(Map.of()).parse(TestStorage.withDefaults(yaml))).serverConfigurator().configure(sb);
    }
}
