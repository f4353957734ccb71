package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.networknt.schema.Error;

import dev.llmg.internal.providers.json.StructJson;
import dev.llmg.internal.structured.SchemaCompiler.CompiledSchema;

/**
 * Checks a JSON value against a caller's JSON Schema (a {@code response_format} schema, a tool's
 * {@code parameters}) and says what does not fit, in messages short enough to hand back to the model on a retry
 * and to a caller in an error.
 *
 * <p>One instance is shared by the gateway and is safe to use from any thread. Compiled schemas are cached by the
 * {@link Struct} they came from (protobuf messages compare by value), at most {@value #DEFAULT_CACHE_SIZE} of
 * them, least recently used first out, because the same tool definitions arrive with every turn of a
 * conversation. It never fetches anything and never throws over a schema: see {@link SchemaCompiler}.
 */
public final class SchemaValidator {

    /** How many messages {@link #validate} returns at most, the last saying how many more there were. */
    public static final int MAX_MESSAGES = 10;
    /** How long a message is at most, in characters. */
    public static final int MAX_MESSAGE_LENGTH = 300;
    /** How many compiled schemas are kept by default. */
    static final int DEFAULT_CACHE_SIZE = 1024;

    private final SchemaCompiler compiler = new SchemaCompiler();
    private final BoundedCache<Struct, CompiledSchema> compiled;

    /** Creates a validator that keeps up to {@value #DEFAULT_CACHE_SIZE} compiled schemas. */
    public SchemaValidator() {
        this(DEFAULT_CACHE_SIZE);
    }

    SchemaValidator(int cacheSize) {
        compiled = new BoundedCache<>(cacheSize);
    }

    /**
     * Returns what in {@code value} does not fit {@code schema}, each message naming where (a JSON path such as
     * {@code $.items[2].price}) and what; empty when the value fits. A schema that cannot be used (it does not
     * compile, or refers outside itself) gives one message saying so.
     */
    public List<String> validate(Struct schema, JsonNode value) {
        final CompiledSchema compiledSchema = compiled.get(schema, s -> compiler.compile(StructJson.toJson(s)));
        if (compiledSchema.schema() == null) {
            return compiledSchema.problems().stream().map(SchemaValidator::capLength).toList();
        }
        final List<Error> errors;
        try {
            errors = compiledSchema.schema().validate(value);
        } catch (RuntimeException | StackOverflowError e) {
            // Refs are resolved lazily, so a refused load surfaces here rather than when compiling.
            return List.of(capLength(SchemaCompiler.describe(compiledSchema.schema().getSchemaNode(), e)));
        }
        return messages(errors);
    }

    /** Returns how many compiled schemas are cached. */
    int cachedSchemas() {
        return compiled.size();
    }

    private static List<String> messages(List<Error> errors) {
        final boolean overflow = errors.size() > MAX_MESSAGES;
        final int shown = overflow ? MAX_MESSAGES - 1 : errors.size();
        final List<String> messages = new ArrayList<>(Math.min(errors.size(), MAX_MESSAGES));
        for (int i = 0; i < shown; i++) {
            final Error error = errors.get(i);
            messages.add(capLength(error.getInstanceLocation() + ": " + error.getMessage()));
        }
        if (overflow) {
            messages.add("and " + (errors.size() - shown) + " more problems");
        }
        return List.copyOf(messages);
    }

    private static String capLength(String message) {
        return message.length() <= MAX_MESSAGE_LENGTH ? message
                                                      : message.substring(0, MAX_MESSAGE_LENGTH - 1) + '…';
    }
}
