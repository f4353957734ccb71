package dev.llmg.internal.providers.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Compares JSON trees field by field and names every difference by its path.
 *
 * <p>Numbers compare by value ({@code 0} equals {@code 0.0}) and object keys by name, whatever their order,
 * because recorders re-encoded some bodies and JSON gives neither any meaning.
 */
public final class JsonTrees {

    private JsonTrees() {}

    /** Lists the differences, e.g. {@code $.messages[0].content: expected "a" but was "b"}; empty if none. */
    public static List<String> diff(JsonNode expected, JsonNode actual) {
        final List<String> differences = new ArrayList<>();
        diff("$", expected, actual, differences);
        return differences;
    }

    /**
     * Rewrites a recorded OpenAI request into what llmg sends on purpose for the same canonical request:
     * {@code max_tokens} becomes {@code max_completion_tokens}, and {@code "strict": false} (which the
     * canonical model cannot tell from unset, so llmg leaves it out) is dropped.
     */
    public static ObjectNode asLlmgWouldSendIt(JsonNode recorded) {
        final ObjectNode copy = recorded.deepCopy();
        if (copy.has("max_tokens")) {
            copy.set("max_completion_tokens", copy.remove("max_tokens"));
        }
        for (JsonNode tool : copy.path("tools")) {
            final JsonNode function = tool.path("function");
            if (function.isObject() && function.path("strict").isBoolean() && !function.get("strict").asBoolean()) {
                ((ObjectNode) function).remove("strict");
            }
        }
        return copy;
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
                out.add(path + ": expected " + expected + " but was " + actual);
            }
        } else if (expected.isObject() && actual.isObject()) {
            final TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                final String child = path + '.' + name;
                if (!actual.has(name)) {
                    out.add(child + ": missing, expected " + expected.get(name));
                } else if (!expected.has(name)) {
                    out.add(child + ": unexpected " + actual.get(name));
                } else {
                    diff(child, expected.get(name), actual.get(name), out);
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(path + ": expected " + expected.size() + " elements but was " + actual.size());
            }
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                diff(path + '[' + i + ']', expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)) {
            out.add(path + ": expected " + expected + " but was " + actual);
        }
    }
}
