package dev.llmg.internal.instruction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.llmg.api.gateway.v1.InstructionSource;
import dev.llmg.internal.instruction.InstructionStore.VersionRow;
import dev.llmg.spi.GatewayException;

/**
 * Holds the instructions in use as one immutable {@link InstructionCatalog}, swapped whole when the database's
 * (read by {@link InstructionRefresh}) or the files' (read at start-up and on a config reload) change, so that
 * rendering a call's instruction reads memory only.
 */
@Singleton
final class InstructionsInUse {

    private static final Logger logger = LoggerFactory.getLogger(InstructionsInUse.class);

    private volatile InstructionCatalog catalog = InstructionCatalog.EMPTY;

    /** Starts with the files' instructions; the database's join when {@link InstructionRefresh} first reads them. */
    InstructionsInUse(List<StoredInstruction> files) {
        catalog = InstructionCatalog.EMPTY.withFiles(files);
    }

    /** Returns the catalog in use. */
    InstructionCatalog catalog() {
        return catalog;
    }

    /** Puts the database's instructions in use, compiled. */
    synchronized void useStored(InstructionStore.Snapshot snapshot) {
        catalog = catalog.withStored(compile(snapshot));
    }

    /** Puts the files' instructions in use. */
    synchronized void useFiles(List<StoredInstruction> files) {
        catalog = catalog.withFiles(files);
    }

    private static List<StoredInstruction> compile(InstructionStore.Snapshot snapshot) {
        final Map<String, List<VersionRow>> byInstruction = new LinkedHashMap<>();
        for (VersionRow row : snapshot.versions()) {
            byInstruction.computeIfAbsent(InstructionStore.key(row.tenant(), row.name()), unused -> new ArrayList<>())
                         .add(row);
        }
        final List<StoredInstruction> compiled = new ArrayList<>();
        byInstruction.forEach((key, rows) -> {
            final List<RenderableVersion> versions = new ArrayList<>();
            for (VersionRow row : rows) {
                try {
                    versions.add(RenderableVersion.compile(row.spec().toBuilder().setVersion(row.version()).build(),
                                                           "version"));
                } catch (GatewayException e) {
                    logger.warn("Stored version {} of instruction '{}' does not compile; the instruction is left "
                                + "out: {}", row.version(), row.name(), e.getMessage());
                    return;
                }
            }
            final VersionRow first = rows.get(0);
            compiled.add(new StoredInstruction(first.tenant(), first.name(),
                                               InstructionSource.INSTRUCTION_SOURCE_DATABASE, versions,
                                               snapshot.labels().getOrDefault(key, Map.of()),
                                               snapshot.updated().get(key)));
        });
        return compiled;
    }
}
