package dev.llmg.internal.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
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
            .addModule(new SimpleModule("llmg-config").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private ConfigBinder() {}

    /** Binds {@code value}, found at {@code path}, to {@code type}; throws {@link ConfigException} naming the key. */
    public static <T> T bind(JsonNode value, String path, Class<T> type) {
        try {
            return MAPPER.treeToValue(value, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(pathOf(path, e), "unknown key; expected one of " + known(e.getKnownPropertyIds()));
        } catch (ValueInstantiationException e) {
            final Throwable reason = e.getCause() == null ? e : e.getCause();
            throw new ConfigException(pathOf(path, e), reason.getMessage(), reason);
        } catch (JsonMappingException e) {
            throw new ConfigException(pathOf(path, e), describe(e));
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

    private static String known(Collection<Object> ids) {
        final TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return names.toString();
    }

    private static String describe(JsonMappingException e) {
        final String message = e.getOriginalMessage();
        if (message.contains("Cannot deserialize value of type `java.lang.Integer`")
            || message.contains("Cannot deserialize value of type `int`")) {
            return "must be a whole number";
        }
        if (message.contains("Cannot deserialize value of type `java.lang.Double`")
            || message.contains("Cannot deserialize value of type `double`")) {
            return "must be a number";
        }
        if (message.contains("Cannot deserialize value of type `java.lang.Boolean`")
            || message.contains("Cannot deserialize value of type `boolean`")) {
            return "must be true or false";
        }
        if (message.contains("from Array value") || message.contains("START_ARRAY")) {
            return "must be a single value or a mapping, not a list";
        }
        if (message.contains("java.util.List") || message.contains("java.util.Set")) {
            return "must be a list";
        }
        if (message.contains("from String value") || message.contains("from Object value")) {
            return "must be a mapping of keys to values";
        }
        final int detail = message.indexOf('\n');
        return detail < 0 ? message : message.substring(0, detail);
    }

    /** Reads {@code 250ms}, {@code 2s}, {@code 1m}, {@code PT1.5S}. */
    private static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING && !parser.currentToken().isNumeric()) {
                throw JsonMappingException.from(parser, "must be a duration such as 250ms, 2s or 1m");
            }
            final String text = parser.getText();
            return DurationText.parse(text).orElseThrow(
                    () -> JsonMappingException.from(parser, DurationText.expected(text)));
        }
    }
}
