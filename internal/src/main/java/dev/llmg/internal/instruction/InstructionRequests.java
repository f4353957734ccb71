package dev.llmg.internal.instruction;

import java.util.List;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.InstructionVersion;
import dev.llmg.api.gateway.v1.Message;

/**
 * Puts a rendered instruction into a request: its messages ahead of the caller's own, and its model, sampling
 * parameters, tools and response format where the request sets none (what the caller set always wins).
 */
final class InstructionRequests {

    private InstructionRequests() {}

    /** Returns {@code request} with {@code version}'s settings and its rendered {@code messages}. */
    static ChatRequest into(ChatRequest request, InstructionVersion version, List<Message> messages) {
        final ChatRequest.Builder rendered = request.toBuilder().clearMessages().addAllMessages(messages)
                                                    .addAllMessages(request.getMessagesList());
        if (request.getModel().isEmpty()) {
            rendered.setModel(version.getModel());
        }
        if (!request.hasTemperature() && version.hasTemperature()) {
            rendered.setTemperature(version.getTemperature());
        }
        if (!request.hasTopP() && version.hasTopP()) {
            rendered.setTopP(version.getTopP());
        }
        if (!request.hasMaxTokens() && version.hasMaxTokens()) {
            rendered.setMaxTokens(version.getMaxTokens());
        }
        if (!request.hasSeed() && version.hasSeed()) {
            rendered.setSeed(version.getSeed());
        }
        if (!request.hasPresencePenalty() && version.hasPresencePenalty()) {
            rendered.setPresencePenalty(version.getPresencePenalty());
        }
        if (!request.hasFrequencyPenalty() && version.hasFrequencyPenalty()) {
            rendered.setFrequencyPenalty(version.getFrequencyPenalty());
        }
        if (request.getToolsCount() == 0) {
            rendered.addAllTools(version.getToolsList());
        }
        if (!request.hasResponseFormat() && version.hasResponseFormat()) {
            rendered.setResponseFormat(version.getResponseFormat());
        }
        return rendered.build();
    }
}
