package dev.llmg.internal.providers.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;

/**
 * Reads the recorded fixtures under {@code src/test/resources/fixtures/openai/{openai,edge-cases}/}.
 */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Headers a replay must not copy: the server computes them, or they describe an encoding now undone. */
    private static final Set<String> COMPUTED_HEADERS =
            Set.of("content-length", "content-type", "date", "content-encoding", "transfer-encoding",
                             "connection");

    private Fixtures() {}

    /** Returns the bytes of a fixture file, e.g. {@code bytes("openai", "chat-basic-wire.response.json")}. */
    static byte[] bytes(String folder, String file) {
        final String path = "/fixtures/openai/" + folder + '/' + file;
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns whether a fixture file exists. */
    static boolean exists(String folder, String file) {
        return Fixtures.class.getResource("/fixtures/openai/" + folder + '/' + file) != null;
    }

    /** Parses a fixture file as JSON. */
    static JsonNode json(String folder, String file) {
        try {
            return JSON.readTree(bytes(folder, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the response body of a fixture, whichever of {@code .json} or {@code .sse} it has. */
    static byte[] responseBody(String folder, String name) {
        return exists(folder, name + ".response.sse") ? bytes(folder, name + ".response.sse")
                                                      : bytes(folder, name + ".response.json");
    }

    /** Builds the recorded status, content type and notable headers (request id, retry-after, ...). */
    static ResponseHeaders responseHeaders(String folder, String name) {
        final JsonNode response = json(folder, name + ".meta.json").get("response");
        final ResponseHeadersBuilder headers =
                ResponseHeaders.builder(HttpStatus.valueOf(response.get("status").asInt()))
                               .contentType(MediaType.parse(response.get("content_type").asText()));
        for (Map.Entry<String, JsonNode> field : response.get("notable_headers").properties()) {
            final String header = field.getKey().toLowerCase(Locale.ROOT);
            if (!COMPUTED_HEADERS.contains(header)) {
                field.getValue().forEach(value -> headers.add(header, value.asText()));
            }
        }
        return headers.build();
    }

    /** Parses JSON text into a protobuf {@link Struct}, as a caller would send a schema. */
    static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return struct.build();
    }
}
