package dev.llmg.internal.providers.replay;

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
 * Reads the recorded fixtures under {@code src/test/resources/fixtures/{root}/{folder}/}; the root is
 * {@code openai} unless a method takes one.
 */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** Headers a replay must not copy: the server computes them, or they describe an encoding now undone. */
    private static final Set<String> COMPUTED_HEADERS =
            Set.of("content-length", "content-type", "date", "content-encoding", "transfer-encoding",
                             "connection");

    private Fixtures() {}

    /** Returns the bytes of a fixture file, e.g. {@code bytes("openai", "chat-basic-wire.response.json")}. */
    public static byte[] bytes(String folder, String file) {
        return bytes("openai", folder, file);
    }

    /** Returns the bytes of a fixture file under {@code /fixtures/{root}/}. */
    public static byte[] bytes(String root, String folder, String file) {
        final String path = "/fixtures/" + root + '/' + folder + '/' + file;
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
    public static boolean exists(String folder, String file) {
        return exists("openai", folder, file);
    }

    /** Returns whether a fixture file under {@code /fixtures/{root}/} exists. */
    public static boolean exists(String root, String folder, String file) {
        return Fixtures.class.getResource("/fixtures/" + root + '/' + folder + '/' + file) != null;
    }

    /** Parses a fixture file as JSON. */
    public static JsonNode json(String folder, String file) {
        return json("openai", folder, file);
    }

    /** Parses a fixture file under {@code /fixtures/{root}/} as JSON. */
    public static JsonNode json(String root, String folder, String file) {
        try {
            return JSON.readTree(bytes(root, folder, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the response body of a fixture, whichever of {@code .json}, {@code .sse} or {@code .bin} it has. */
    public static byte[] responseBody(String root, String folder, String name) {
        if (exists(root, folder, name + ".response.bin")) { // AWS event-stream bytes
            return bytes(root, folder, name + ".response.bin");
        }
        return exists(root, folder, name + ".response.sse") ? bytes(root, folder, name + ".response.sse")
                                                            : bytes(root, folder, name + ".response.json");
    }

    /** Builds the recorded status, content type and notable headers (request id, retry-after, ...). */
    public static ResponseHeaders responseHeaders(String root, String folder, String name) {
        final JsonNode response = json(root, folder, name + ".meta.json").get("response");
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
    public static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
        return struct.build();
    }
}
