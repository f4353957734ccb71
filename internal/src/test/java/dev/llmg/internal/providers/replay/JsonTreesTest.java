package dev.llmg.internal.providers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks the comparison the request tests rely on, so that an empty diff really means "the same". */
class JsonTreesTest {

    @Test
    void ignoresKeyOrderAndNumberSpelling() throws IOException {
        assertThat(JsonTrees.diff(json("{\"a\":0,\"b\":[1,{\"c\":2.50}]}"),
                                  json("{\"b\":[1.0,{\"c\":2.5}],\"a\":0.0}")))
                .isEmpty();
    }

    @Test
    void namesEveryDifferenceByPath() throws IOException {
        assertThat(JsonTrees.diff(json("{\"a\":1,\"b\":[\"x\",\"y\"],\"c\":null,\"d\":true}"),
                                  json("{\"a\":2,\"b\":[\"x\"],\"c\":\"\",\"e\":true}")))
                .containsExactly("$.a: expected 1 but was 2",
                                 "$.b: expected 2 elements but was 1",
                                 "$.c: expected null but was \"\"",
                                 "$.d: missing, expected true",
                                 "$.e: unexpected true");
    }

    @Test
    void rewritesWhatLlmgSendsOnPurpose() throws IOException {
        final JsonNode recorded = json("{\"max_tokens\":5,\"tools\":[{\"function\":{\"name\":\"f\",\"strict\":false}},"
                                       + "{\"function\":{\"name\":\"g\",\"strict\":true}}]}");
        assertThat(JsonTrees.asLlmgWouldSendIt(recorded)).isEqualTo(json(
                "{\"max_completion_tokens\":5,\"tools\":[{\"function\":{\"name\":\"f\"}},"
                + "{\"function\":{\"name\":\"g\",\"strict\":true}}]}"));
    }

    private static JsonNode json(String text) throws IOException {
        return Fixtures.JSON.readTree(text);
    }
}
