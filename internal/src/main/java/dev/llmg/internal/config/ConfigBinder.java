package dev.llmg.internal.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Binds nested parts of the configuration (the model list, the routing section) to immutable records with
 * Jackson, so that a shape with lists of mappings inside mappings is declared once, as records, rather than
 * read key by key.
 *
 * <p>Keys are snake_case; an unknown key, a value of the wrong type or a record that refuses its values
 * (by throwing {@link IllegalArgumentException} from its constructor) stops start-up with a
 * {@link ConfigException} naming the key's full path, e.g. {@code models[1].targets[0].weight}, as the
 * hand-read sections do. Durations are written as everywhere in the configuration ({@code 250ms},
 * {@code 2s}).
 */
public final class ConfigBinder {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .addModule(new SimpleModule("llmg-config").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private static final String DURATION = "must be a duration such as 250ms, 2s, 1m or PT1.5S";

    private ConfigBinder() {}

    /** Binds {@code value}, found at {@code path}, to {@code type}; throws {@link ConfigException} naming the key. */
    public static <T> T bind(JsonNode value, String path, Class<T> type) {
        try {
            return MAPPER.treeToValue(value, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(pathOf(path, e), "unknown key; expected one of " + known(e.getKnownPropertyIds()));
        } catch (ValueInstantiationException e) {
            final Throwable reason = e.getCause() == null ? e : e.getCause();
            final String problem = String.valueOf(reason.getMessage());
            final String key = keyNamedBy(problem, nodeAt(value, e));
            if (key != null) {
                throw new ConfigException(pathOf(path, e) + '.' + key, problem.substring(key.length() + 1), reason);
            }
            throw new ConfigException(pathOf(path, e), problem, reason);
        } catch (JsonMappingException e) {
            throw new ConfigException(pathOf(path, e), describe(e, nodeAt(value, e)));
        } catch (IOException e) {
            throw new ConfigException(path, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Returns the full dotted path of the value Jackson stopped at. */
    private static String pathOf(String base, JsonMappingException e) {
        final StringBuilder path = new StringBuilder(base);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Returns what was written where Jackson stopped, or null when it cannot be found. */
    private static JsonNode nodeAt(JsonNode root, JsonMappingException e) {
        JsonNode node = root;
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (node == null) {
                return null;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName())
                                                    : node.get(reference.getIndex());
        }
        return node;
    }

    /**
     * Returns the key a record's complaint starts with ({@code "weight must be ..."}), when {@code written} holds
     * it, so that the message can name it in the path as every other message does.
     */
    private static String keyNamedBy(String problem, JsonNode written) {
        final int space = problem.indexOf(' ');
        if (written == null || !written.isObject() || space <= 0 || !written.has(problem.substring(0, space))) {
            return null;
        }
        return problem.startsWith(" must ", space) || problem.startsWith(" is ", space)
               ? problem.substring(0, space) : null;
    }

    private static String known(Collection<Object> ids) {
        final TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return names.toString();
    }

    /** Says in words what the key needs, by the type Jackson wanted, and what was written instead. */
    private static String describe(JsonMappingException e, JsonNode written) {
        final Class<?> type = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                              : e.getCause() instanceof InputCoercionException coercion ? coercion.getTargetType()
                              : null;
        if (type == null) {
            final String message = e.getOriginalMessage();
            final int detail = message.indexOf('\n');
            return detail < 0 ? message : message.substring(0, detail);
        }
        final String instead = written == null ? "" : ", not " + shapeOf(written);
        if (type == Integer.class || type == int.class) {
            return e.getCause() instanceof InputCoercionException
                   ? "must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE + instead
                   : "must be a whole number" + instead;
        }
        if (type == Double.class || type == double.class) {
            return "must be a number" + instead;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false" + instead;
        }
        if (type == Duration.class) {
            return DURATION + instead;
        }
        if (type == String.class || type.isEnum()) {
            return "must be a single value" + instead;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a list" + instead;
        }
        return "must be a mapping of keys to values" + instead;
    }

    private static String shapeOf(JsonNode written) {
        if (written.isArray()) {
            return "a list";
        }
        if (written.isObject()) {
            return "a mapping";
        }
        final String text = written.asText();
        return '\'' + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + '\'';
    }

    /** Reads {@code 250ms}, {@code 2s}, {@code 1m}, {@code PT1.5S}. */
    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            Optional<Duration> duration = Optional.empty();
            if (parser.currentToken() == JsonToken.VALUE_STRING || parser.currentToken().isNumeric()) {
                try {
                    duration = DurationText.parse(parser.getText());
                } catch (ArithmeticException | NumberFormatException e) {
                    // Too many digits for a duration: as wrong as any other text.
                }
            }
            if (duration.isEmpty()) {
                throw MismatchedInputException.from(parser, Duration.class, DURATION);
            }
            return duration.get();
        }
    }
}
