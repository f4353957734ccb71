package dev.llmg.internal.providers.simulator;

import java.util.Random;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Makes random satisfiable schemas with the keywords the simulator honours, the same ones for a seed. */
final class RandomSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] KINDS = { "object", "array", "string", "integer", "number", "boolean", "null",
                                            "anyOf", "oneOf", "const", "enum", "types" };
    private static final String[] FORMATS = { "date-time", "date", "email", "uri", "hostname" };

    private final Random random;

    RandomSchemas(long seed) {
        this.random = new Random(seed);
    }

    /** Returns a schema nested at most {@code depth} levels. */
    ObjectNode next(int depth) {
        final String kind = depth == 0 ? KINDS[2 + random.nextInt(5)] : KINDS[random.nextInt(KINDS.length)];
        final ObjectNode schema = JSON.objectNode();
        switch (kind) {
            case "object": {
                schema.put("type", "object");
                final ObjectNode properties = schema.putObject("properties");
                final int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    properties.set("p" + i, next(depth - 1));
                }
                final boolean closed = random.nextBoolean();
                if (closed) {
                    schema.put("additionalProperties", false);
                }
                final ArrayNode required = schema.putArray("required");
                for (int i = 0; i < count; i++) {
                    if (random.nextBoolean()) {
                        required.add("p" + i);
                    }
                }
                if (!closed && random.nextBoolean()) {
                    required.add("unlisted \"name\"");
                }
                if (random.nextBoolean()) {
                    schema.put("minProperties", closed ? random.nextInt(count + 1) : random.nextInt(8));
                }
                return schema;
            }
            case "array": {
                schema.put("type", "array");
                final int shape = random.nextInt(3);
                final int min = random.nextInt(random.nextBoolean() ? 4 : 40);
                schema.put("minItems", min);
                if (random.nextBoolean()) {
                    schema.put("maxItems", min + (shape == 2 ? 2 : 0) + random.nextInt(3)); // room for contains
                }
                if (shape == 0) {
                    schema.set("items", next(depth - 1));
                } else if (shape == 1) {
                    schema.putArray("prefixItems").add(next(depth - 1)).add(next(depth - 1));
                    schema.set("items", next(depth - 1));
                } else {
                    schema.set("contains", next(depth - 1));
                    schema.put("minContains", random.nextInt(3));
                }
                return schema;
            }
            case "string": {
                schema.put("type", "string");
                final int min = random.nextInt(random.nextBoolean() ? 3 : 60);
                if (random.nextBoolean()) {
                    schema.put("minLength", min);
                }
                if (random.nextBoolean()) {
                    schema.put("maxLength", min + random.nextInt(4));
                }
                if (random.nextInt(3) == 0) {
                    schema.put("format", FORMATS[random.nextInt(FORMATS.length)]);
                    schema.remove("maxLength"); // a cut format example no longer fits its format
                }
                return schema;
            }
            case "integer": case "number": {
                schema.put("type", kind);
                final double bound = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
                final String[] keywords = { "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" };
                schema.put(keywords[random.nextInt(keywords.length)], bound);
                return schema;
            }
            case "anyOf": case "oneOf": {
                final ArrayNode branches = schema.putArray(kind);
                final int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    branches.add(next(depth - 1));
                }
                return schema;
            }
            case "const": {
                schema.set("const", JSON.arrayNode().add("quote \" and \\n control \u0001").add(-1.25e-300)
                                        .add(JSON.objectNode().put("k", true)));
                return schema;
            }
            case "enum": {
                schema.putArray("enum").add("first").add(2);
                return schema;
            }
            case "types": {
                final ObjectNode inner = next(depth - 1);
                inner.remove("type");
                inner.putArray("type").add(random.nextBoolean() ? "null" : "boolean").add("array");
                return inner.has("properties") || inner.has("const") || inner.has("enum") || inner.has("anyOf")
                       || inner.has("oneOf") ? next(depth) : inner;
            }
            default:
                schema.put("type", kind);
                return schema;
        }
    }
}
