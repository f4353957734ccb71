package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.util.List;

import javax.inject.Inject;

import dev.llmg.internal.config.ConfigSection;
import dev.llmg.internal.config.Reloadable;

/**
 * Reads the instruction files again when the configuration is reloaded ({@code server.watch_config}), so that an
 * edited file, or a changed {@code instructions.dir}, takes effect without a restart; a bad file changes nothing.
 */
final class InstructionFilesReload implements Reloadable {

    private final InstructionsInUse inUse;

    @Inject
    InstructionFilesReload(InstructionsInUse inUse) {
        this.inUse = requireNonNull(inUse, "inUse");
    }

    @Override
    public Change prepare(ConfigSection root) {
        final List<StoredInstruction> files = InstructionSettings.from(root).dir().map(InstructionFiles::read)
                                                                 .orElse(List.of());
        return new Change() {
            @Override
            public void apply() {
                inUse.useFiles(files);
            }

            @Override
            public void discard() {}
        };
    }
}
