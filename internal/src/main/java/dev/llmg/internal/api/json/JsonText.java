package dev.llmg.internal.api.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Parses a caller's JSON text strictly: exactly one JSON value, nothing after it but whitespace, and no name
 * twice in one object; otherwise an INVALID_ARGUMENT {@link GatewayException} (reason {@code invalid_json})
 * says where the text broke.
 *
 * <p>Parsers disagree on what follows a value ({@code {...}xyz}, two objects) and on repeated names (first or
 * last wins); a gateway that reads either differently from a proxy in front of it can be told one thing and
 * do another, so every surface refuses both.
 */
public final class JsonText {

    private static final ObjectMapper JSON = new ObjectMapper(
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private JsonText() {}

    /** Parses {@code text} as one JSON value; {@code what} names the text in messages ("the request body"). */
    public static JsonNode read(String text, String what) {
        try {
            return read(JSON.createParser(text), what);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // creating a parser over a string does no I/O
        }
    }

    /** Parses {@code bytes} (UTF-8, or UTF-16/32 with its byte order) as one JSON value. */
    public static JsonNode read(byte[] bytes, String what) {
        try {
            return read(JSON.createParser(bytes), what);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the whole of {@code in} as one JSON value, reading it to its end, and closes it. */
    public static JsonNode read(InputStream in, String what) throws IOException {
        return read(JSON.createParser(in), what);
    }

    /** Parses {@code text} as one JSON object, refusing any other kind of value. */
    public static ObjectNode readObject(String text, String what) {
        return requireObject(read(text, what), what);
    }

    /** Returns {@code value} as an object, or throws an INVALID_ARGUMENT saying what it was instead. */
    public static ObjectNode requireObject(JsonNode value, String what) {
        if (!value.isObject()) {
            throw invalid(what + " must be a JSON object, not " + (value.isArray() ? "an array"
                    : value.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return (ObjectNode) value;
    }

    private static JsonNode read(JsonParser parser, String what) throws IOException {
        try (parser) {
            final JsonNode value;
            try {
                value = JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                throw invalid(what + " is not valid JSON: " + JsonSyntax.describe(e));
            }
            if (value == null || value.isMissingNode()) {
                throw invalid(what + " is empty: send a JSON object");
            }
            JsonLocation after = null;
            try {
                if (parser.nextToken() != null) {
                    after = parser.currentTokenLocation();
                }
            } catch (JsonProcessingException e) {
                after = e.getLocation(); // unparsable text after the value is still text after the value
            }
            if (after != null) {
                throw invalid(what + " is not valid JSON: there is more text after the JSON value" + where(after)
                              + "; send exactly one value");
            }
            return value;
        }
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(ErrorKind.INVALID_ARGUMENT, "invalid_json", "", message, null);
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ')';
    }
}
