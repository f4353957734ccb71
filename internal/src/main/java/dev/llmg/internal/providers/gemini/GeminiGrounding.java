package dev.llmg.internal.providers.gemini;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.integer;
import static dev.llmg.internal.providers.json.LenientJson.object;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.api.gateway.v1.Annotation;
import dev.llmg.api.gateway.v1.UrlCitation;

/**
 * Reads a candidate's {@code groundingMetadata} (what Google Search found for it) as URL citations: each
 * {@code groundingSupports} entry cites its {@code groundingChunks} for the text between its segment's indices,
 * which Gemini counts in UTF-8 bytes and the canonical model in characters; pages no support cites are listed
 * without a position.
 */
final class GeminiGrounding {

    private GeminiGrounding() {}

    /** Returns whether the candidate carries grounding metadata. */
    static boolean present(JsonNode candidate) {
        return object(candidate, "groundingMetadata").isObject();
    }

    /** Returns the citations of {@code candidate}, whose answer text is {@code text}; empty without grounding. */
    static List<Annotation> annotations(JsonNode candidate, String text) {
        final JsonNode grounding = object(candidate, "groundingMetadata");
        final List<UrlCitation> pages = new ArrayList<>();
        for (JsonNode chunk : array(grounding, "groundingChunks")) {
            final JsonNode web = object(chunk, "web");
            pages.add(UrlCitation.newBuilder().setUrl(text(web, "uri")).setTitle(text(web, "title")).build());
        }
        final List<Annotation> annotations = new ArrayList<>();
        final boolean[] cited = new boolean[pages.size()];
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        for (JsonNode support : array(grounding, "groundingSupports")) {
            final JsonNode segment = object(support, "segment");
            final int start = characters(utf8, integer(segment, "startIndex"));
            final int end = characters(utf8, integer(segment, "endIndex"));
            for (JsonNode index : array(support, "groundingChunkIndices")) {
                final int page = index.asInt(-1);
                if (page >= 0 && page < pages.size()) {
                    cited[page] = true;
                    annotations.add(Annotation.newBuilder().setUrlCitation(pages.get(page).toBuilder()
                            .setStartIndex(start).setEndIndex(end)).build());
                }
            }
        }
        for (int page = 0; page < pages.size(); page++) {
            if (!cited[page] && !pages.get(page).getUrl().isEmpty()) {
                annotations.add(Annotation.newBuilder().setUrlCitation(pages.get(page)).build());
            }
        }
        return annotations;
    }

    /** Returns how many UTF-16 characters the first {@code bytes} bytes of {@code utf8} decode to. */
    private static int characters(byte[] utf8, int bytes) {
        final int length = Math.max(0, Math.min(bytes, utf8.length));
        return new String(utf8, 0, length, StandardCharsets.UTF_8).length();
    }
}
