package dev.llmg.internal.instruction;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.chat.ChatContext;
import dev.llmg.internal.chat.ChatTurn;
import dev.llmg.internal.instruction.InstructionCatalog.Resolved;
import dev.llmg.spi.GatewayException;

/**
 * Renders the instruction a request names ({@code instruction}, with its {@code variables}) into it, ahead of the
 * caller's messages, from memory only: a request that names none goes on untouched and at once. Runs first among
 * the context's steps, so that a conversation's history is added to the rendered request.
 */
final class InstructionStep implements ChatContext.Step {

    /** Before conversations (200). */
    static final int ORDER = 100;

    private final InstructionsInUse inUse;

    @Inject
    InstructionStep(InstructionsInUse inUse) {
        this.inUse = requireNonNull(inUse, "inUse");
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public CompletableFuture<ChatTurn> open(ChatRequest request, Call call) {
        if (request.getInstruction().isEmpty()) {
            if (request.getVariables().getFieldsCount() > 0) {
                return CompletableFuture.failedFuture(GatewayException.invalidArgument(
                        "variables", "variables are given but no instruction: name the instruction they fill "
                                     + "(instruction, or llmg.instruction on /v1)"));
            }
            return CompletableFuture.completedFuture(ChatTurn.of(request));
        }
        try {
            final InstructionReference reference = InstructionReference.parse(request.getInstruction(), "instruction");
            final Resolved resolved = inUse.catalog().resolve(call.caller().tenant(), reference, "instruction");
            final ChatRequest rendered = InstructionRequests.into(
                    request, resolved.version().spec(),
                    resolved.version().render(request.getVariables(), reference.toString()));
            call.addContext(GatewayMetadata.newBuilder().setInstruction(resolved.use()).build());
            return CompletableFuture.completedFuture(ChatTurn.of(rendered));
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
