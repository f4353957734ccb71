package dev.llmg.internal.instruction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.llmg.api.gateway.v1.InstructionUse;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Every instruction llmg can render, by tenant and name, as one immutable snapshot: the database's and the files'
 * (a file's wins over a stored one of the same tenant and name). A tenant's callers see their tenant's and the
 * shared ones (tenant ''), their own first; a caller of no tenant sees the shared ones.
 */
final class InstructionCatalog {

    /** What a reference resolved to. */
    record Resolved(StoredInstruction instruction, RenderableVersion version, InstructionUse use) {}

    static final InstructionCatalog EMPTY = new InstructionCatalog(List.of(), List.of());

    private final List<StoredInstruction> stored;
    private final List<StoredInstruction> files;
    private final Map<String, Map<String, StoredInstruction>> byTenant = new HashMap<>();

    InstructionCatalog(List<StoredInstruction> stored, List<StoredInstruction> files) {
        this.stored = List.copyOf(stored);
        this.files = List.copyOf(files);
        for (StoredInstruction instruction : this.stored) {
            byTenant.computeIfAbsent(instruction.tenant(), unused -> new HashMap<>())
                    .put(instruction.name(), instruction);
        }
        for (StoredInstruction instruction : this.files) {
            byTenant.computeIfAbsent(instruction.tenant(), unused -> new HashMap<>())
                    .put(instruction.name(), instruction);
        }
    }

    /** Returns a catalog with the database's instructions replaced. */
    InstructionCatalog withStored(List<StoredInstruction> replaced) {
        return new InstructionCatalog(replaced, files);
    }

    /** Returns a catalog with the files' instructions replaced. */
    InstructionCatalog withFiles(List<StoredInstruction> replaced) {
        return new InstructionCatalog(stored, replaced);
    }

    /** Returns the instruction {@code name} of exactly {@code tenant} ('' for the shared ones), if any. */
    Optional<StoredInstruction> exactly(String tenant, String name) {
        return Optional.ofNullable(byTenant.getOrDefault(tenant, Map.of()).get(name));
    }

    /** Returns the instruction {@code name} a caller of {@code tenant} (null for none) uses, if any. */
    Optional<StoredInstruction> visible(String tenant, String name) {
        if (tenant != null && !tenant.isEmpty()) {
            final Optional<StoredInstruction> own = exactly(tenant, name);
            if (own.isPresent()) {
                return own;
            }
        }
        return exactly("", name);
    }

    /** Returns every instruction a caller of {@code tenant} sees (every one when {@code all}), by tenant and name. */
    List<StoredInstruction> list(String tenant, boolean all) {
        final List<StoredInstruction> listed = new ArrayList<>();
        byTenant.forEach((owner, named) -> {
            if (all || owner.isEmpty() || owner.equals(tenant)) {
                listed.addAll(named.values());
            }
        });
        listed.sort(Comparator.comparing(StoredInstruction::tenant).thenComparing(StoredInstruction::name));
        return listed;
    }

    /**
     * Resolves {@code reference} for a caller of {@code tenant}: a label, a version, or the production label
     * else the newest version. NOT_FOUND naming the instruction, version or label it does not know.
     */
    Resolved resolve(String tenant, InstructionReference reference, String field) {
        final StoredInstruction instruction = visible(tenant, reference.name()).orElseThrow(
                () -> notFound(field, "instruction '" + reference.name() + "' does not exist (GET /api/v1/instructions "
                                      + "lists the ones you may use)"));
        final int number;
        if (!reference.label().isEmpty()) {
            final Integer labelled = instruction.labels().get(reference.label());
            if (labelled == null) {
                throw notFound(field, "instruction '" + reference.name() + "' has no label '" + reference.label()
                                      + "'; its labels are " + instruction.labels().keySet());
            }
            number = labelled;
        } else if (reference.version() > 0) {
            number = reference.version();
        } else {
            number = instruction.labels().getOrDefault(InstructionReference.PRODUCTION, instruction.latest());
        }
        final RenderableVersion version = instruction.version(number).orElseThrow(
                () -> notFound(field, "instruction '" + reference.name() + "' has no version " + number
                                      + "; its versions are 1 to " + instruction.latest()));
        return new Resolved(instruction, version, InstructionUse.newBuilder().setName(instruction.name())
                                                                .setVersion(number).setLabel(reference.label())
                                                                .build());
    }

    private static GatewayException notFound(String field, String message) {
        return new GatewayException(ErrorKind.NOT_FOUND, "instruction_not_found", field, message, null);
    }
}
