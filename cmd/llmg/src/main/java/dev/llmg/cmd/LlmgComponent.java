package dev.llmg.cmd;

import java.util.Optional;

import javax.inject.Singleton;

import com.linecorp.armeria.server.Server;

import dagger.BindsInstance;
import dagger.Component;
import dev.llmg.internal.admin.AdminModule;
import dev.llmg.internal.admin.CatalogAdministration;
import dev.llmg.internal.admin.catalog.CatalogModule;
import dev.llmg.internal.api.ApiModule;
import dev.llmg.internal.api.graphql.GraphqlModule;
import dev.llmg.internal.api.openai.OpenAiApiModule;
import dev.llmg.internal.api.sse.SseModule;
import dev.llmg.internal.api.ws.WebSocketModule;
import dev.llmg.internal.auth.AuthModule;
import dev.llmg.internal.call.CallModule;
import dev.llmg.internal.chat.ChatModule;
import dev.llmg.internal.config.ConfigModule;
import dev.llmg.internal.config.ConfigReloader;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.internal.config.LoadedConfig;
import dev.llmg.internal.conversation.ConversationModule;
import dev.llmg.internal.embeddings.EmbeddingsModule;
import dev.llmg.internal.instruction.InstructionModule;
import dev.llmg.internal.providers.ProvidersModule;
import dev.llmg.internal.providers.anthropic.AnthropicModule;
import dev.llmg.internal.providers.azure.AzureModule;
import dev.llmg.internal.providers.bedrock.BedrockModule;
import dev.llmg.internal.providers.compatible.CompatibleModule;
import dev.llmg.internal.providers.gemini.GeminiModule;
import dev.llmg.internal.providers.openai.OpenAiModule;
import dev.llmg.internal.providers.simulator.SimulatorModule;
import dev.llmg.internal.quota.QuotaModule;
import dev.llmg.internal.routing.RoutingModule;
import dev.llmg.internal.server.GatewayServerConfigurator;
import dev.llmg.internal.server.ServerModule;
import dev.llmg.internal.server.ShutdownSequence;
import dev.llmg.internal.storage.StorageModule;
import dev.llmg.internal.telemetry.OpenTelemetrySetup;
import dev.llmg.internal.telemetry.TelemetryModule;
import dev.llmg.internal.tracking.TrackingModule;
import dev.llmg.internal.tracking.InferenceStore;
import dev.llmg.internal.ui.DashboardModule;

/** Wires llmg's concerns, each contributing its own module, into the server that {@link Main} runs. */
@Singleton
@Component(modules = {
        ServerModule.class,
        ConfigModule.class,
        CallModule.class,
        ApiModule.class,
        OpenAiApiModule.class,
        SseModule.class,
        WebSocketModule.class,
        GraphqlModule.class,
        DashboardModule.class,
        ChatModule.class,
        InstructionModule.class,
        ConversationModule.class,
        EmbeddingsModule.class,
        AuthModule.class,
        QuotaModule.class,
        AdminModule.class,
        RoutingModule.class,
        ProvidersModule.class,
        SimulatorModule.class,
        OpenAiModule.class,
        AnthropicModule.class,
        GeminiModule.class,
        BedrockModule.class,
        AzureModule.class,
        CompatibleModule.class,
        StorageModule.class,
        TrackingModule.class,
        TelemetryModule.class,
        CatalogModule.class,
})
public interface LlmgComponent {

    /** Returns the server, built on the configured port and not yet started. */
    Server server();

    /** Returns what puts llmg's services on a server builder; tests use it with their own server. */
    GatewayServerConfigurator serverConfigurator();

    /** Returns how llmg stops: the server drains, then records flush, then connections close. */
    ShutdownSequence shutdown();

    /** Returns what reads the configuration again when it changes (tests call it directly). */
    ConfigReloader reloader();

    /** Returns where inference records are kept, when storage is bound (tests seed it directly). */
    Optional<InferenceStore> inferenceStore();

    /** Returns the admin API's providers and models (tests reach it directly; the admin service delegates to it). */
    CatalogAdministration catalogAdministration();

    /** Creates the component from the loaded configuration. */
    @Component.Factory
    interface Factory {
        /**
         * Creates the component from {@code config}, read from {@code source}, which reloads read again; providers
         * and routes are validated as they are first asked for, with the overlays (the database's providers and
         * models) applied. Traces and metrics go where {@code telemetry}'s
         * SDK sends them.
         */
        LlmgComponent create(@BindsInstance @LoadedConfig ConfigSection config, @BindsInstance ConfigSource source,
                             @BindsInstance OpenTelemetrySetup telemetry);
    }

    /** Creates the component for a configuration that never changes, with telemetry from the environment. */
    static LlmgComponent create(ConfigSection config) {
        return create(ConfigSource.fixed(config));
    }

    /** Creates the component for the configuration {@code source} gives, which is watched for changes. */
    static LlmgComponent create(ConfigSource source) {
        return create(source, OpenTelemetrySetup.fromEnvironment());
    }

    /** Creates the component for {@code config}, already read from {@code source}, which is watched for changes. */
    static LlmgComponent create(ConfigSection config, ConfigSource source) {
        return DaggerLlmgComponent.factory().create(config, source, OpenTelemetrySetup.fromEnvironment());
    }

    /** Creates the component for {@code source}'s configuration, with the OpenTelemetry SDK {@code telemetry} makes. */
    static LlmgComponent create(ConfigSource source, OpenTelemetrySetup telemetry) {
        return DaggerLlmgComponent.factory().create(source.load(), source, telemetry);
    }
}
