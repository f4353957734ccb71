package dev.llmg.internal.instruction;

import java.util.List;

import javax.inject.Singleton;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.chat.ChatContext;
import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;
import dev.llmg.internal.server.RouteContributor;
import io.grpc.BindableService;

/**
 * Contributes named instructions: the step that renders them into chat requests, InstructionService (REST under
 * {@code /api/v1/instructions} by transcoding), the files of {@code instructions.dir} (read again on a config
 * reload) and the refresh of the database's, stopped at shutdown.
 */
@Module
public interface InstructionModule {

    /** Reads {@code instructions} once at start-up. */
    @Provides
    @Singleton
    static InstructionSettings instructionSettings(ConfigSection root) {
        return InstructionSettings.from(root);
    }

    /** Holds the instructions in use, starting with the files'. */
    @Provides
    @Singleton
    static InstructionsInUse instructionsInUse(InstructionSettings settings) {
        return new InstructionsInUse(settings.dir().map(InstructionFiles::read).orElse(List.of()));
    }

    /** Renders a request's instruction before conversations add their history. */
    @Binds
    @IntoSet
    ChatContext.Step instructionStep(InstructionStep step);

    /** Serves InstructionService. */
    @Binds
    @IntoSet
    BindableService instructionService(InstructionGrpcService service);

    /** Reads the instruction files again on a config reload. */
    @Binds
    @IntoSet
    Reloadable instructionFilesReload(InstructionFilesReload reload);

    /** Stops the refresh thread when llmg stops. */
    @Binds
    @IntoSet
    AutoCloseable stopInstructionRefresh(InstructionRefresh refresh);

    /** Has the refresh tick while the server runs. */
    @Binds
    @IntoSet
    RouteContributor refreshInstructionsWhileServing(InstructionRefresh refresh);
}
