package dev.llmg.internal.routing;

import java.util.Map;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.ResponseFormatType;
import dev.llmg.api.gateway.v1.Tool;
import dev.llmg.internal.providers.TokenEstimator;
import dev.llmg.internal.routing.balance.RequestSize;

/**
 * What routing needs to know about a request, read once: what it asks of a model (tools, a JSON schema,
 * images, streaming), how big it is, and the labels rules may match.
 *
 * @param model the model or group the caller named
 * @param tools whether it offers tools
 * @param jsonSchema whether it asks for an answer in a JSON schema
 * @param images whether it holds images
 * @param streaming whether the answer is streamed
 * @param embeddings whether it asks for embeddings rather than a chat answer
 * @param size its estimated prompt and answer tokens
 * @param maxTokens the {@code max_tokens} it asks for, or 0
 * @param metadata the caller's labels
 */
public record RequestProfile(String model, boolean tools, boolean jsonSchema, boolean images, boolean streaming,
                             boolean embeddings, RequestSize size, int maxTokens, Map<String, String> metadata) {

    /** Reads the profile of a chat request. */
    public static RequestProfile of(ChatRequest request, boolean streaming) {
        boolean images = false;
        for (Message message : request.getMessagesList()) {
            for (ContentPart part : message.getContentList()) {
                images |= part.hasImageUrl();
            }
        }
        int prompt = TokenEstimator.ofPrompt(request);
        for (Tool tool : request.getToolsList()) {
            // A tool's schema is part of the prompt the model reads; its size in characters is close enough.
            prompt += TokenEstimator.ofText(tool.getName()) + TokenEstimator.ofText(tool.getDescription())
                      + TokenEstimator.ofText(tool.getParameters().toString());
        }
        final int maxTokens = request.hasMaxTokens() ? request.getMaxTokens() : 0;
        return new RequestProfile(request.getModel(), request.getToolsCount() > 0,
                                  request.getResponseFormat().getType()
                                  == ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
                                  images, streaming, false,
                                  new RequestSize(prompt, maxTokens > 0 ? maxTokens : RequestSize.ASSUMED_OUTPUT_TOKENS),
                                  maxTokens, request.getMetadataMap());
    }

    /**
     * Reads the profile of an embeddings request by its longest input: an embedding model's context window
     * bounds each input, not the batch (and the cheapest target is the same for any number of tokens).
     */
    public static RequestProfile ofEmbeddings(String model, int longestInputTokens) {
        return new RequestProfile(model, false, false, false, false, true, new RequestSize(longestInputTokens, 0), 0,
                                  Map.of());
    }
}
