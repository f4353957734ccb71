package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Status;

/**
 * Reads the JSON error of the native API (REST, SSE, the WebSocket's {@code error} objects):
 * {@code {"code":3,"grpc-code":"INVALID_ARGUMENT","message":"...","details":[...]}}, and says how a body
 * departs from it.
 *
 * @param message the message, or empty
 * @param grpcCode the code's name, or empty
 * @param problems how the body departs from the shape
 */
record NativeErrorShape(String message, String grpcCode, List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code body}, the whole answer. */
    static NativeErrorShape read(String body) {
        final JsonNode error;
        try {
            error = JSON.readTree(body);
        } catch (Exception e) {
            return new NativeErrorShape("", "", List.of("the error is not JSON (expected {\"code\",\"grpc-code\","
                                                        + "\"message\",\"details\"})"));
        }
        return of(error);
    }

    /** Reads an error object already parsed, e.g. the {@code error} of a WebSocket message. */
    static NativeErrorShape of(JsonNode error) {
        final List<String> problems = new ArrayList<>();
        if (error == null || !error.isObject()) {
            return new NativeErrorShape("", "", List.of("the error is not a JSON object"));
        }
        final JsonNode code = error.get("code");
        final JsonNode grpcCode = error.get("grpc-code");
        final JsonNode message = error.get("message");
        if (code == null || !code.isInt()) {
            problems.add("the error has no numeric \"code\"");
        }
        if (grpcCode == null || !grpcCode.isTextual()) {
            problems.add("the error has no \"grpc-code\"");
        } else if (code != null && code.isInt()
                   && !Status.fromCodeValue(code.intValue()).getCode().name().equals(grpcCode.textValue())) {
            problems.add("\"code\" " + code + " and \"grpc-code\" " + grpcCode + " disagree");
        }
        if (message == null || !message.isTextual()) {
            problems.add("the error has no string \"message\"");
        }
        if (error.has("details") && !error.get("details").isArray()) {
            problems.add("the error's \"details\" is not an array");
        }
        final String name = grpcCode == null ? "" : grpcCode.asText();
        if ("INTERNAL".equals(name) || "UNKNOWN".equals(name)) {
            problems.add("the error's grpc-code is " + name);
        }
        return new NativeErrorShape(message == null ? "" : message.asText(), name, problems);
    }
}
