package dev.llmg.internal.providers.gemini;

import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import com.linecorp.armeria.client.ClientFactory;

/**
 * Rewrites recorded Gemini requests into the one spelling llmg uses for the same canonical request, and makes
 * providers for the tests.
 *
 * <p>The recorders (ruby_llm, the Go SDK, langchain) differ from llmg where the API accepts several spellings
 * or where the canonical request has no counterpart:
 * <ul>
 *   <li>schemas: recorded as OpenAPI-style {@code parameters} / {@code responseSchema} with upper-case types;
 *       llmg sends the caller's JSON Schema as given in {@code parametersJsonSchema} /
 *       {@code responseJsonSchema} (types lower-cased here);</li>
 *   <li>{@code inline_data} / {@code mime_type} (snake case, accepted by the API) become camel case;</li>
 *   <li>{@code toolConfig.functionCallingConfig.mode} is upper case ({@code any} is accepted too);</li>
 *   <li>a text tool result is sent as {@code {"output": text}}, ruby_llm's {@code {"name", "content": [{"text"}]}}
 *       is rewritten to that;</li>
 *   <li>{@code systemInstruction.role}, {@code cachedContent} and {@code responseModalities} have no canonical
 *       counterpart and are dropped ({@code thoughtSignature}s and {@code thinkingConfig} are sent as
 *       recorded, but for a signature ruby_llm repeats on each parallel call of a step, which Gemini gave to its
 *       first call only).</li>
 * </ul>
 */
final class GeminiWire {

    static final String KEY = "AIzaSy-gemini-test-0123456789";

    private GeminiWire() {}

    static GeminiProvider provider(URI baseUri) {
        return new GeminiProvider(GeminiSettings.of("gemini", baseUri, KEY), ClientFactory.ofDefault());
    }

    static ObjectNode asLlmgWouldSendIt(JsonNode recorded) {
        final ObjectNode copy = recorded.deepCopy();
        copy.remove("cachedContent");
        if (copy.path("systemInstruction").isObject()) {
            ((ObjectNode) copy.get("systemInstruction")).remove("role");
        }
        final JsonNode config = copy.path("generationConfig");
        if (config.isObject()) {
            final ObjectNode generation = (ObjectNode) config;
            generation.remove("responseModalities");
            if (generation.has("responseSchema")) {
                generation.set("responseJsonSchema", lowerTypes(generation.remove("responseSchema")));
            }
        }
        for (JsonNode tool : copy.path("tools")) {
            for (JsonNode declaration : tool.path("functionDeclarations")) {
                if (declaration.has("parameters")) {
                    ((ObjectNode) declaration).set("parametersJsonSchema",
                                                   lowerTypes(((ObjectNode) declaration).remove("parameters")));
                }
            }
        }
        final JsonNode calling = copy.path("toolConfig").path("functionCallingConfig");
        if (calling.path("mode").isTextual()) {
            ((ObjectNode) calling).put("mode", calling.get("mode").asText().toUpperCase(Locale.ROOT));
        }
        for (JsonNode content : copy.path("contents")) {
            String stepSignature = null;
            for (JsonNode node : content.path("parts")) {
                final ObjectNode part = (ObjectNode) node;
                final String signature = part.path("thoughtSignature").asText(null);
                if (signature != null && signature.equals(stepSignature) && part.has("functionCall")) {
                    part.remove("thoughtSignature"); // ruby_llm repeats it; Gemini gave it to the first call only
                } else if (signature != null) {
                    stepSignature = signature;
                }
                if (part.has("inline_data")) {
                    final ObjectNode data = (ObjectNode) part.remove("inline_data");
                    data.set("mimeType", data.remove("mime_type"));
                    part.set("inlineData", data);
                }
                final JsonNode response = part.path("functionResponse").path("response");
                if (response.path("content").isArray()) {
                    final StringBuilder text = new StringBuilder();
                    response.get("content").forEach(block -> text.append(block.path("text").asText()));
                    ((ObjectNode) part.get("functionResponse")).set(
                            "response", JsonNodeFactory.instance.objectNode().put("output", text.toString()));
                }
            }
        }
        return copy;
    }

    /** Copies a schema with its {@code type} words in lower case, as JSON Schema spells them. */
    private static JsonNode lowerTypes(JsonNode schema) {
        final JsonNode copy = schema.deepCopy();
        lowerTypesInPlace(copy);
        return copy;
    }

    private static void lowerTypesInPlace(JsonNode node) {
        if (node.isObject()) {
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if ("type".equals(field.getKey()) && field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(field.getValue().asText().toLowerCase(Locale.ROOT)));
                } else {
                    lowerTypesInPlace(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(GeminiWire::lowerTypesInPlace);
        }
    }
}
