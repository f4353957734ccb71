package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the error of the OpenAI-compatible API, {@code {"error":{"message","type","param","code"}}}, the shape
 * OpenAI's SDKs parse, and says how a body departs from it.
 *
 * @param message the message, or empty
 * @param problems how the body departs from the shape
 */
record OpenAiErrorShape(String message, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code body}, a whole answer or the data of a stream's error event. */
    static OpenAiErrorShape read(String body) {
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return new OpenAiErrorShape("", List.of("the error is not JSON (expected {\"error\":{\"message\","
                                                    + "\"type\",\"param\",\"code\"}})"));
        }
        final JsonNode error = root == null ? null : root.get("error");
        if (error == null || !error.isObject()) {
            return new OpenAiErrorShape("", List.of("the body has no \"error\" object"));
        }
        final List<String> problems = new ArrayList<>();
        final JsonNode message = error.get("message");
        if (message == null || !message.isTextual()) {
            problems.add("error.message is not a string");
        }
        if (error.get("type") == null || !error.get("type").isTextual()) {
            problems.add("error.type is not a string");
        }
        for (String field : new String[] { "param", "code" }) {
            final JsonNode value = error.get(field);
            if (value == null || !(value.isTextual() || value.isNull())) {
                problems.add("error." + field + " is missing or neither a string nor null");
            }
        }
        return new OpenAiErrorShape(message == null ? "" : message.asText(), problems);
    }
}
