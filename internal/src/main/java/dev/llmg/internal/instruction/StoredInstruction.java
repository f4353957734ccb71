package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmg.api.gateway.v1.Instruction;
import dev.llmg.api.gateway.v1.InstructionSource;

/**
 * An instruction as llmg holds it in memory, from the database or a file: its versions compiled, oldest first
 * (version n at index n - 1), and its labels.
 *
 * @param tenant the tenant it belongs to; empty for a shared one
 * @param updated when its newest version was created or a label last moved; null for a file's
 */
record StoredInstruction(String tenant, String name, InstructionSource source, List<RenderableVersion> versions,
                         Map<String, Integer> labels, Instant updated) {

    /** Checks every part is present. */
    StoredInstruction {
        requireNonNull(tenant, "tenant");
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        versions = List.copyOf(versions);
        labels = Map.copyOf(labels);
    }

    /** Returns whether it is read-only through the API (loaded from a file). */
    boolean readOnly() {
        return source == InstructionSource.INSTRUCTION_SOURCE_FILE;
    }

    /** Returns its newest version's number. */
    int latest() {
        return versions.size();
    }

    /** Returns version {@code number}, if it has it. */
    Optional<RenderableVersion> version(int number) {
        return number >= 1 && number <= versions.size() ? Optional.of(versions.get(number - 1)) : Optional.empty();
    }

    /** Returns it as the API shows it, with or without its versions' contents. */
    Instruction toProto(boolean withVersions) {
        final Instruction.Builder proto = Instruction.newBuilder().setName(name).setTenant(tenant).setSource(source)
                                                     .putAllLabels(labels).setLatestVersion(latest());
        if (withVersions) {
            versions.forEach(version -> proto.addVersions(version.spec()));
        }
        if (updated != null) {
            proto.setUpdateTime(Times.timestamp(updated));
        }
        return proto.build();
    }
}
