package dev.llmg.cmd;

import java.util.Set;

import javax.inject.Singleton;

import com.linecorp.armeria.server.Server;

import dagger.BindsInstance;
import dagger.Component;
import dev.llmg.internal.api.ApiModule;
import dev.llmg.internal.api.openai.OpenAiApiModule;
import dev.llmg.internal.api.sse.SseModule;
import dev.llmg.internal.api.ws.WebSocketModule;
import dev.llmg.internal.call.CallModule;
import dev.llmg.internal.chat.ChatModule;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.embeddings.EmbeddingsModule;
import dev.llmg.internal.providers.ProvidersModule;
import dev.llmg.internal.providers.anthropic.AnthropicModule;
import dev.llmg.internal.providers.azure.AzureModule;
import dev.llmg.internal.providers.compatible.CompatibleModule;
import dev.llmg.internal.providers.openai.OpenAiModule;
import dev.llmg.internal.providers.simulator.SimulatorModule;
import dev.llmg.internal.routing.RoutingModule;
import dev.llmg.internal.server.GatewayServerConfigurator;
import dev.llmg.internal.server.ServerModule;

/** Wires llmg's concerns, each contributing its own module, into the server that {@link Main} runs. */
@Singleton
@Component(modules = {
        ServerModule.class,
        CallModule.class,
        ApiModule.class,
        OpenAiApiModule.class,
        SseModule.class,
        WebSocketModule.class,
        ChatModule.class,
        EmbeddingsModule.class,
        RoutingModule.class,
        ProvidersModule.class,
        SimulatorModule.class,
        OpenAiModule.class,
        AnthropicModule.class,
        AzureModule.class,
        CompatibleModule.class,
})
public interface LlmgComponent {

    /** Returns the server, built on the configured port and not yet started. */
    Server server();

    /** Returns what puts llmg's services on a server builder; tests use it with their own server. */
    GatewayServerConfigurator serverConfigurator();

    /** Returns what must be closed after the server stops. */
    Set<AutoCloseable> closeables();

    /** Creates the component from the loaded configuration. */
    @Component.Factory
    interface Factory {
        /** Creates the component; providers and routes are validated as they are first asked for. */
        LlmgComponent create(@BindsInstance ConfigSection config);
    }

    /** Creates the component for {@code config}. */
    static LlmgComponent create(ConfigSection config) {
        return DaggerLlmgComponent.factory().create(config);
    }
}
