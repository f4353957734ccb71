package dev.llmg.internal.providers.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import dev.llmg.internal.schema.ForcedSize;
import dev.llmg.internal.schema.SchemaLimits;
import dev.llmg.internal.schema.SchemaView;
import dev.llmg.spi.GatewayException;

/**
 * Makes up JSON that fits a JSON Schema, so that the simulator can answer with tool-call arguments and
 * structured output that the caller's own validation accepts.
 *
 * <p>It covers what tool and response schemas use in practice: objects (required properties,
 * {@code minProperties}), arrays ({@code minItems}, {@code maxItems}, {@code prefixItems}, {@code contains}),
 * strings ({@code minLength}, {@code maxLength}, common formats), numbers within their bounds, {@code enum},
 * {@code const}, and a branch of {@code anyOf}/{@code oneOf}/{@code allOf}; {@code text} fills the first
 * string it meets, so answers still echo.
 *
 * <p>Whatever the schema, it writes at most {@link #MAX_LENGTH} characters: first a generous example (every
 * listed property, at least one item, the echo); when that is too long, the smallest the schema allows (what
 * its minimums force, the cheapest branch and type), which {@link ForcedSize} counts generously. The schema
 * check refuses schemas forcing more than the same limit, so every schema that passed it gets a fitting answer.
 */
final class SchemaExample {

    /** The most characters of JSON the simulator writes for one schema. */
    static final int MAX_LENGTH = SchemaLimits.DEFAULT.maxForcedSize();

    /** Examples of string formats, none longer than {@link ForcedSize#SHORT_STRING}. */
    static final Map<String, String> FORMATS = Map.of("date-time", "2026-01-01T00:00:00Z", "date", "2026-01-01",
                                                      "email", "someone@example.com", "uri", "https://example.com/");

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_DEPTH = 128;

    private final JsonGenerator out;
    private final boolean smallest;
    private final ForcedSize sizes = new ForcedSize();
    private String text;

    private SchemaExample(JsonGenerator out, boolean smallest, String text) {
        this.out = out;
        this.smallest = smallest;
        this.text = text;
    }

    /**
     * Returns JSON fitting {@code schema}, with {@code text} as the first string value; throws INVALID_ARGUMENT
     * naming {@code path} when even the smallest fitting value is longer than {@link #MAX_LENGTH}.
     */
    static String of(Struct schema, String text, String path) {
        final Value root = Value.newBuilder().setStructValue(schema).build();
        try {
            return write(root, false, text);
        } catch (TooLong generous) {
            return smallest(root, path);
        }
    }

    /** Returns the smallest JSON the simulator makes for {@code schema}; throws as {@link #of} does. */
    static String smallest(Value schema, String path) {
        try {
            return write(schema, true, null);
        } catch (TooLong e) {
            throw GatewayException.invalidArgument(path, path + " asks for answers longer than the " + MAX_LENGTH
                                                         + " characters of JSON the simulator writes");
        }
    }

    private static String write(Value schema, boolean smallest, String text) throws TooLong {
        final BoundedWriter sink = new BoundedWriter(MAX_LENGTH);
        try (JsonGenerator out = JSON.createGenerator(sink)) {
            new SchemaExample(out, smallest, text).value(schema, 0);
        } catch (TooLong e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail but for length", e);
        }
        return sink.toString();
    }

    private void value(Value schema, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            out.writeNull();
            return;
        }
        final SchemaView view = SchemaView.of(schema);
        final Optional<Value> constant = view.constant();
        if (constant.isPresent()) {
            constantValue(constant.get());
            return;
        }
        if (!view.typed()) {
            for (String combinator : new String[] { "anyOf", "oneOf", "allOf" }) {
                final List<Value> branches = view.branches(combinator);
                if (!branches.isEmpty()) {
                    final boolean cheapest = smallest && !"allOf".equals(combinator);
                    value(cheapest ? sizes.cheapest(branches) : branches.get(0), depth + 1);
                    return;
                }
            }
        }
        switch (smallest ? sizes.cheapestType(schema) : view.types().get(0)) {
            case "object": object(view, depth); break;
            case "array": array(view, depth); break;
            case "integer": out.writeNumber(integer(view)); break;
            case "number": out.writeNumber(number(view)); break;
            case "boolean": out.writeBoolean(true); break;
            case "null": out.writeNull(); break;
            default: string(view);
        }
    }

    private void object(SchemaView view, int depth) throws IOException {
        final Map<String, Value> members = new LinkedHashMap<>(smallest ? view.requiredProperties()
                                                                        : view.properties());
        view.requiredProperties().forEach(members::putIfAbsent);
        if (view.closed()) {
            long missing = view.count("minProperties", 0) - members.size();
            for (Map.Entry<String, Value> optional : view.optionalProperties().entrySet()) {
                if (missing-- <= 0) {
                    break;
                }
                members.putIfAbsent(optional.getKey(), optional.getValue());
            }
        }
        out.writeStartObject();
        for (Map.Entry<String, Value> member : members.entrySet()) {
            out.writeFieldName(member.getKey());
            value(member.getValue(), depth + 1);
        }
        if (!view.closed()) {
            // Made-up properties with null values fill an open object up to minProperties.
            final Set<String> taken = new HashSet<>(members.keySet());
            taken.addAll(view.properties().keySet());
            long missing = view.count("minProperties", 0) - members.size();
            for (long n = 1; missing > 0; n++) {
                if (taken.add(SchemaView.extraName(n))) {
                    out.writeFieldName(SchemaView.extraName(n));
                    out.writeNull();
                    missing--;
                }
            }
        }
        out.writeEndObject();
    }

    private void array(SchemaView view, int depth) throws IOException {
        long count = view.minItems();
        if (!smallest && count == 0 && view.count("maxItems", 1) > 0) {
            count = 1; // one item shows what the items look like
        }
        out.writeStartArray();
        for (long i = 0; i < count; i++) {
            value(view.item(i), depth + 1); // each item writes something, so the writer's bound ends this loop
        }
        out.writeEndArray();
    }

    private void string(SchemaView view) throws IOException {
        String value = FORMATS.get(view.text("format"));
        if (value == null) {
            value = smallest ? "" : text == null ? "example" : text;
            text = null;
        }
        final long max = view.count("maxLength", Long.MAX_VALUE);
        if (value.codePointCount(0, value.length()) > max) {
            value = value.substring(0, value.offsetByCodePoints(0, (int) max));
        }
        final long missing = view.count("minLength", 0) - value.codePointCount(0, value.length());
        if (missing > MAX_LENGTH) {
            throw new TooLong();
        }
        out.writeString(missing > 0 ? value + "x".repeat((int) missing) : value);
    }

    private static long integer(SchemaView view) {
        final OptionalDouble minimum = view.number("minimum");
        final OptionalDouble exclusiveMinimum = view.number("exclusiveMinimum");
        final OptionalDouble maximum = view.number("maximum");
        final OptionalDouble exclusiveMaximum = view.number("exclusiveMaximum");
        if (minimum.isPresent()) {
            return (long) Math.ceil(minimum.getAsDouble()); // saturates at the ends of long
        }
        // Exclusive bounds step to the next double first: beyond 2^53, bound + 1 is the bound itself.
        if (exclusiveMinimum.isPresent()) {
            return (long) Math.ceil(Math.nextUp(exclusiveMinimum.getAsDouble()));
        }
        if (maximum.isPresent() && maximum.getAsDouble() < 1) {
            return (long) Math.floor(maximum.getAsDouble());
        }
        if (exclusiveMaximum.isPresent() && exclusiveMaximum.getAsDouble() <= 1) {
            return (long) Math.floor(Math.nextDown(exclusiveMaximum.getAsDouble()));
        }
        return 1;
    }

    private static double number(SchemaView view) {
        final OptionalDouble minimum = view.number("minimum");
        final OptionalDouble exclusiveMinimum = view.number("exclusiveMinimum");
        final OptionalDouble maximum = view.number("maximum");
        final OptionalDouble exclusiveMaximum = view.number("exclusiveMaximum");
        if (minimum.isPresent()) {
            return minimum.getAsDouble();
        }
        if (exclusiveMinimum.isPresent()) {
            final double bound = exclusiveMinimum.getAsDouble();
            final double above = Math.max(bound + 1, Math.nextUp(bound)); // beyond 2^53, bound + 1 is the bound
            return maximum.isPresent() && above > maximum.getAsDouble() ? (bound + maximum.getAsDouble()) / 2 : above;
        }
        if (maximum.isPresent() && maximum.getAsDouble() < 1.5) {
            return maximum.getAsDouble();
        }
        if (exclusiveMaximum.isPresent() && exclusiveMaximum.getAsDouble() <= 1.5) {
            final double bound = exclusiveMaximum.getAsDouble();
            return Math.min(bound - 1, Math.nextDown(bound));
        }
        return 1.5;
    }

    /** Writes a value the schema names ({@code const}, an {@code enum} member) as it is. */
    private void constantValue(Value value) throws IOException {
        switch (value.getKindCase()) {
            case BOOL_VALUE: out.writeBoolean(value.getBoolValue()); break;
            case STRING_VALUE: out.writeString(value.getStringValue()); break;
            case NUMBER_VALUE: {
                final double number = value.getNumberValue();
                if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
                    out.writeNumber((long) number); // 3, not 3.0, for an integer's const
                } else if (Double.isFinite(number)) {
                    out.writeNumber(number);
                } else {
                    out.writeNull(); // the schema check refuses these; JSON has no way to write them
                }
                break;
            }
            case LIST_VALUE:
                out.writeStartArray();
                for (Value element : value.getListValue().getValuesList()) {
                    constantValue(element);
                }
                out.writeEndArray();
                break;
            case STRUCT_VALUE:
                out.writeStartObject();
                for (Map.Entry<String, Value> field : value.getStructValue().getFieldsMap().entrySet()) {
                    out.writeFieldName(field.getKey());
                    constantValue(field.getValue());
                }
                out.writeEndObject();
                break;
            default: out.writeNull();
        }
    }

    /** Collects the JSON in memory and refuses to grow past its bound. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int max;

        BoundedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws TooLong {
            if (length > max - text.length()) {
                throw new TooLong();
            }
            text.append(chars, offset, length);
        }

        @Override
        public void write(String string, int offset, int length) throws TooLong {
            if (length > max - text.length()) {
                throw new TooLong();
            }
            text.append(string, offset, offset + length);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /** The example grew past {@link #MAX_LENGTH}. */
    private static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // expected, and thrown from deep recursion: no stack trace to fill
        }
    }
}
