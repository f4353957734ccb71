package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateInstructionVersionRequest;
import dev.llmg.api.gateway.v1.CreateInstructionVersionResponse;
import dev.llmg.api.gateway.v1.DeleteInstructionLabelRequest;
import dev.llmg.api.gateway.v1.DeleteInstructionLabelResponse;
import dev.llmg.api.gateway.v1.GetInstructionRequest;
import dev.llmg.api.gateway.v1.GetInstructionResponse;
import dev.llmg.api.gateway.v1.GetInstructionVersionRequest;
import dev.llmg.api.gateway.v1.GetInstructionVersionResponse;
import dev.llmg.api.gateway.v1.ListInstructionsRequest;
import dev.llmg.api.gateway.v1.ListInstructionsResponse;
import dev.llmg.api.gateway.v1.RenderInstructionRequest;
import dev.llmg.api.gateway.v1.RenderInstructionResponse;
import dev.llmg.api.gateway.v1.SetInstructionLabelRequest;
import dev.llmg.api.gateway.v1.SetInstructionLabelResponse;
import dev.llmg.api.json.v1.PageInfo;
import dev.llmg.internal.instruction.InstructionCatalog.Resolved;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * What InstructionService does, apart from its wire: reads come from the instructions in use (memory), writes go
 * to the store and are put in use on this replica before the answer, so that a caller's next call sees its change.
 * Every method but the reads blocks on the database.
 */
final class InstructionAdministration {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final InstructionStore store;
    private final InstructionsInUse inUse;
    private final InstructionRefresh refresh;

    @Inject
    InstructionAdministration(InstructionStore store, InstructionsInUse inUse, InstructionRefresh refresh) {
        this.store = requireNonNull(store, "store");
        this.inUse = requireNonNull(inUse, "inUse");
        this.refresh = requireNonNull(refresh, "refresh");
    }

    /** Adds a version (and creates the instruction with its first), pointing the labels asked for at it. */
    CreateInstructionVersionResponse create(CreateInstructionVersionRequest request, InstructionScope scope) {
        final String name = name(request.getName());
        final String owner = scope.owner(request.getTenant());
        if (!request.hasVersion()) {
            throw GatewayException.invalidArgument("version", "version is required: its messages, model, ...");
        }
        request.getLabelsList().forEach(label -> label(label, "labels"));
        writable(owner, name);
        final RenderableVersion checked = RenderableVersion.compile(request.getVersion(), "version");
        final int number = store.createVersion(owner, name, checked.spec(), request.getLabelsList(),
                                               scope.caller().id());
        refresh.refreshNow();
        final StoredInstruction instruction = stored(owner, name);
        return CreateInstructionVersionResponse.newBuilder().setInstruction(instruction.toProto(false))
                                               .setVersion(instruction.version(number).orElseThrow().spec())
                                               .build();
    }

    /** Returns an instruction with every version. */
    GetInstructionResponse get(GetInstructionRequest request, InstructionScope scope) {
        return GetInstructionResponse.newBuilder()
                                     .setInstruction(readable(request.getName(), request.getTenant(), scope)
                                                             .toProto(true))
                                     .build();
    }

    /** Returns one version. */
    GetInstructionVersionResponse version(GetInstructionVersionRequest request, InstructionScope scope) {
        final StoredInstruction instruction = readable(request.getName(), request.getTenant(), scope);
        final RenderableVersion version = instruction.version(request.getVersion()).orElseThrow(
                () -> notFound("version", "instruction '" + instruction.name() + "' has no version "
                                          + request.getVersion() + "; its versions are 1 to " + instruction.latest()));
        return GetInstructionVersionResponse.newBuilder().setVersion(version.spec()).build();
    }

    /** Lists a page of the instructions the caller sees, by tenant and name. */
    ListInstructionsResponse list(ListInstructionsRequest request, InstructionScope scope) {
        final int size = request.getPage().getPageSize() <= 0 ? DEFAULT_PAGE
                                                              : Math.min(request.getPage().getPageSize(), MAX_PAGE);
        final List<StoredInstruction> all = inUse.catalog().list(scope.tenant(), scope.all());
        final String after = cursor(request.getPage().getPageToken());
        int from = 0;
        if (after != null) {
            while (from < all.size() && InstructionStore.key(all.get(from).tenant(), all.get(from).name())
                                                        .compareTo(after) <= 0) {
                from++;
            }
        }
        final ListInstructionsResponse.Builder page = ListInstructionsResponse.newBuilder();
        final int to = Math.min(all.size(), from + size);
        all.subList(from, to).forEach(instruction -> page.addInstructions(instruction.toProto(false)));
        final PageInfo.Builder info = PageInfo.newBuilder().setTotalSize(all.size());
        if (to < all.size()) {
            final StoredInstruction last = all.get(to - 1);
            info.setNextPageToken(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    InstructionStore.key(last.tenant(), last.name()).getBytes(StandardCharsets.UTF_8)));
        }
        return page.setPage(info).build();
    }

    /** Points a label at a version, or moves it there. */
    SetInstructionLabelResponse setLabel(SetInstructionLabelRequest request, InstructionScope scope) {
        final String name = name(request.getName());
        final String label = label(request.getLabel(), "label");
        final String owner = scope.owner(request.getTenant());
        if (request.getVersion() < 1) {
            throw GatewayException.invalidArgument("version", "version is required: the version to point the "
                                                              + "label at, from 1");
        }
        writable(owner, name);
        store.setLabel(owner, name, label, request.getVersion(),
                       request.hasFromVersion() ? Optional.of(request.getFromVersion()) : Optional.empty());
        refresh.refreshNow();
        return SetInstructionLabelResponse.newBuilder().setInstruction(stored(owner, name).toProto(false)).build();
    }

    /** Removes a label. */
    DeleteInstructionLabelResponse deleteLabel(DeleteInstructionLabelRequest request, InstructionScope scope) {
        final String name = name(request.getName());
        final String label = label(request.getLabel(), "label");
        final String owner = scope.owner(request.getTenant());
        writable(owner, name);
        store.deleteLabel(owner, name, label);
        refresh.refreshNow();
        return DeleteInstructionLabelResponse.newBuilder().setInstruction(stored(owner, name).toProto(false))
                                             .build();
    }

    /** Renders an instruction as a chat request of this caller would, without calling a model. */
    RenderInstructionResponse render(RenderInstructionRequest request, InstructionScope scope) {
        if (request.getInstruction().isEmpty()) {
            throw GatewayException.invalidArgument("instruction", "instruction is required: e.g. summarize, "
                                                                  + "summarize@3 or summarize:staging");
        }
        final InstructionReference reference = InstructionReference.parse(request.getInstruction(), "instruction");
        final Resolved resolved = inUse.catalog().resolve(scope.tenant(), reference, "instruction");
        final ChatRequest rendered = InstructionRequests.into(
                ChatRequest.getDefaultInstance(), resolved.version().spec(),
                resolved.version().render(request.getVariables(), reference.toString()));
        return RenderInstructionResponse.newBuilder().setRequest(rendered).setInstruction(resolved.use()).build();
    }

    private StoredInstruction readable(String name, String tenant, InstructionScope scope) {
        name(name);
        final Optional<StoredInstruction> found = scope.all() ? inUse.catalog().exactly(tenant, name)
                                                              : inUse.catalog().visible(scope.owner(tenant), name);
        return found.orElseThrow(() -> notFound("name", "instruction '" + name + "' does not exist"
                                                        + (scope.all() && !tenant.isEmpty() ? " in tenant '"
                                                                                             + tenant + "'" : "")));
    }

    private void writable(String owner, String name) {
        final Optional<StoredInstruction> present = inUse.catalog().exactly(owner, name);
        if (present.isPresent() && present.get().readOnly()) {
            throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "instruction_read_only", "name",
                                       "instruction '" + name + "' is loaded from a file (instructions.dir) and is "
                                       + "read-only here: edit its file instead", null);
        }
    }

    private StoredInstruction stored(String owner, String name) {
        return inUse.catalog().exactly(owner, name).orElseThrow(
                () -> notFound("name", "instruction '" + name + "' does not exist"));
    }

    private static String name(String name) {
        if (name.isEmpty()) {
            throw GatewayException.invalidArgument("name", "name is required: the instruction's name");
        }
        if (!InstructionReference.NAME.matcher(name).matches()) {
            throw GatewayException.invalidArgument("name", "name '" + name + "' is not an instruction name: letters, "
                    + "digits, '_', '-' and '.', starting with a letter or digit, up to 128 characters");
        }
        return name;
    }

    private static String label(String label, String field) {
        if (!InstructionReference.LABEL.matcher(label).matches()) {
            throw GatewayException.invalidArgument(field, field + " '" + label + "' is not a label: lower-case "
                    + "letters, digits, '_', '-' and '.', up to 64 characters, e.g. production or staging");
        }
        return label;
    }

    private static String cursor(String token) {
        if (token.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalidArgument("page.page_token", "page.page_token is not one this API gave");
        }
    }

    private static GatewayException notFound(String field, String message) {
        return new GatewayException(ErrorKind.NOT_FOUND, "instruction_not_found", field, message, null);
    }
}
