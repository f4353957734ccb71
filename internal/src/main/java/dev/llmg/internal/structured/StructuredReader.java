package dev.llmg.internal.structured;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.Struct;

import dev.llmg.internal.providers.json.StructJson;

/**
 * The one pipeline the gateway runs on the text of a structured answer (a json_schema or json_object answer, a
 * tool call's arguments): read the JSON value, mend it, check it against what was asked for.
 *
 * <ol>
 *   <li>A strict Jackson parse first: most answers are one clean JSON document and need nothing more.</li>
 *   <li>Otherwise the {@link TolerantJsonReader}, which mends what models break and says what it mended.</li>
 *   <li>With a schema, {@link SchemaCoercion} mends what the schema shows to be broken, then
 *       {@link SchemaValidator} says what still does not fit.</li>
 *   <li>Schema-guided extraction: when the value does not fit and the answer had prose around it, the other JSON
 *       values in the text are tried in order ("Here is an example: {...}. And the answer: {...}"), and the first
 *       that fits is taken. If none fits, the first reading stands, with its errors.</li>
 * </ol>
 *
 * <p>A cut-off value is never valid, even when what arrived fits: a caller would take a partial answer for a
 * whole one.
 */
public final class StructuredReader {

    private static final ObjectReader STRICT = new ObjectMapper()
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNode OBJECT_SCHEMA = JsonNodeFactory.instance.objectNode().put("type", "object");

    private StructuredReader() {}

    /**
     * Reads the JSON value of an answer and checks it against {@code schemaOrNull} (a json_schema answer or a tool
     * call's arguments); with no schema the answer need only hold a JSON value.
     *
     * @param validator the gateway's shared validator; may be null when {@code schemaOrNull} is
     */
    public static StructuredValue read(String text, Struct schemaOrNull, SchemaValidator validator) {
        if (schemaOrNull == null) {
            return read(text, read -> new Fitted(read, List.of()));
        }
        requireNonNull(validator, "validator");
        final JsonNode schema = StructJson.toJson(schemaOrNull);
        return read(text, read -> {
            final TolerantJson mended = SchemaCoercion.coerce(read, schema);
            return new Fitted(mended, validator.validate(schemaOrNull, mended.value()));
        });
    }

    /**
     * Reads the JSON value of a json_object answer, which must be an object (an object wrapped in a one-element
     * array is taken out, as for a schema that wants an object).
     */
    public static StructuredValue readObject(String text) {
        return read(text, read -> {
            final TolerantJson mended = SchemaCoercion.coerce(read, OBJECT_SCHEMA);
            final JsonNode value = mended.value();
            return new Fitted(mended, value.isObject() ? List.of()
                                                       : List.of("$: " + value.getNodeType().name().toLowerCase()
                                                                 + " found, object expected"));
        });
    }

    private static StructuredValue read(String text, Fit fit) {
        final Optional<TolerantJson> strict = strict(text);
        final Optional<TolerantJson> first = strict.isPresent() ? strict : TolerantJsonReader.read(text);
        if (first.isEmpty()) {
            return StructuredValue.unreadable();
        }
        final Fitted firstFit = fit.apply(first.get());
        if (firstFit.fits() || !first.get().repairs().contains(JsonRepair.SURROUNDING_TEXT)) {
            return firstFit.result();
        }
        for (TolerantJson candidate : TolerantJsonReader.candidates(text)) {
            if (!candidate.equals(first.get())) {
                final Fitted fitted = fit.apply(candidate);
                if (fitted.fits()) {
                    return fitted.result();
                }
            }
        }
        return firstFit.result();
    }

    /** Returns the text read as one strict JSON document (whitespace around allowed); empty when it is not one. */
    private static Optional<TolerantJson> strict(String text) {
        try {
            final JsonNode value = STRICT.readTree(text);
            return value == null || value.isMissingNode() ? Optional.empty()
                                                          : Optional.of(new TolerantJson(value, Set.of()));
        } catch (IOException notStrictJson) {
            return Optional.empty();
        }
    }

    /** Mends a reading by what was asked for and says what still does not fit. */
    @FunctionalInterface
    private interface Fit {
        Fitted apply(TolerantJson read);
    }

    /** A reading mended by what was asked for, with what still does not fit. */
    private record Fitted(TolerantJson read, List<String> errors) {

        boolean fits() {
            return errors.isEmpty() && !read.truncated();
        }

        StructuredValue result() {
            final List<String> all = new ArrayList<>(errors.size() + 1);
            if (read.truncated()) {
                all.add(StructuredValue.CUT_OFF);
            }
            all.addAll(errors);
            final EnumSet<JsonRepair> repairs = EnumSet.noneOf(JsonRepair.class);
            repairs.addAll(read.repairs());
            return new StructuredValue(read.value(), repairs, all);
        }
    }
}
