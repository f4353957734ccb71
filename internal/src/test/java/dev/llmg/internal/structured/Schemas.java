package dev.llmg.internal.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;

/** Writes the schemas and values of the structured tests as JSON text, the way they arrive. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {}

    /** Returns {@code json} as the Struct a request's schema arrives in. */
    static Struct struct(String json) {
        final Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, struct);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(json, e);
        }
        return struct.build();
    }

    /** Returns {@code json} parsed by Jackson. */
    static JsonNode json(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
