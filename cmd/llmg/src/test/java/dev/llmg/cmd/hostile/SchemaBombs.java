package dev.llmg.cmd.hostile;

import java.util.List;

/**
 * JSON Schemas that are small to send and huge to honour: nested {@code minItems} that multiply, a
 * {@code minItems} of a hundred million, nesting deeper than any schema needs, a pattern with catastrophic
 * backtracking, a bound no number reaches. Each comes as the body of every surface that takes schemas.
 */
final class SchemaBombs {

    /**
     * One bomb.
     *
     * @param name what it is
     * @param schema the JSON Schema
     * @param asTool whether it goes in a tool's parameters (else in the response format)
     */
    record Bomb(String name, String schema, boolean asTool) {}

    private SchemaBombs() {}

    /** Returns the bombs. */
    static List<Bomb> all() {
        return List.of(
                new Bomb("nested arrays of minItems 2000 (8e9 items) as response_format",
                         "{\"type\":\"array\",\"minItems\":2000,\"items\":{\"type\":\"array\",\"minItems\":2000,"
                         + "\"items\":{\"type\":\"array\",\"minItems\":2000}}}", false),
                new Bomb("minItems 100,000,000 in tool parameters",
                         "{\"type\":\"object\",\"properties\":{\"list\":{\"type\":\"array\",\"minItems\":100000000,"
                         + "\"items\":{\"type\":\"string\"}}},\"required\":[\"list\"]}", true),
                new Bomb("$defs nested 400 levels deep",
                         "{\"type\":\"object\"," + "\"$defs\":{\"a\":{".repeat(400) + "\"type\":\"string\""
                         + "}}".repeat(400) + '}', false),
                new Bomb("properties nested 400 levels deep",
                         "{\"type\":\"object\",\"properties\":{\"a\":".repeat(400) + "{\"type\":\"string\"}"
                         + "}}".repeat(400), true),
                new Bomb("a ReDoS pattern (a+)+$",
                         "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"(a+)+$\"}},"
                         + "\"required\":[\"s\"]}", false),
                new Bomb("minimum 1e400", "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\","
                                          + "\"minimum\":1e400}},\"required\":[\"n\"]}", true));
    }

    /** Returns the native chat request (REST, WebSocket) carrying {@code bomb}. */
    static String nativeChat(Bomb bomb) {
        final String messages = "\"messages\":[{\"role\":\"ROLE_USER\",\"content\":[{\"text\":\"boom\"}]}]";
        return bomb.asTool()
               ? "{\"model\":\"" + BaseRequests.MODEL + "\"," + messages + ",\"tools\":[{\"name\":\"f\",\"parameters\":"
                 + bomb.schema() + "}],\"tool_choice\":{\"tool_name\":\"f\"}}"
               : "{\"model\":\"" + BaseRequests.MODEL + "\"," + messages + ",\"response_format\":{\"type\":"
                 + "\"RESPONSE_FORMAT_TYPE_JSON_SCHEMA\",\"json_schema\":{\"name\":\"bomb\",\"schema\":" + bomb.schema()
                 + "}}}";
    }

    /** Returns the OpenAI chat request carrying {@code bomb}. */
    static String openAiChat(Bomb bomb, boolean stream) {
        final String head = "{\"model\":\"" + BaseRequests.MODEL + "\",\"stream\":" + stream
                            + ",\"messages\":[{\"role\":\"user\",\"content\":\"boom\"}],";
        return bomb.asTool()
               ? head + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":" + bomb.schema()
                 + "}}],\"tool_choice\":\"required\"}"
               : head + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"bomb\",\"schema\":"
                 + bomb.schema() + "}}}";
    }
}
