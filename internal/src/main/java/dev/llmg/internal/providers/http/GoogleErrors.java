package dev.llmg.internal.providers.http;

import static dev.llmg.internal.providers.json.LenientJson.array;
import static dev.llmg.internal.providers.json.LenientJson.get;
import static dev.llmg.internal.providers.json.LenientJson.text;

import java.time.Duration;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.spi.ErrorKind;

/**
 * Reads what Google's APIs (Gemini, Vertex AI) add to an {@code error} object: the canonical code name in
 * {@code status}, and in {@code details} an {@code ErrorInfo} reason and a {@code RetryInfo} delay.
 *
 * <p>Google reports a bad API key as 400 {@code INVALID_ARGUMENT} with the reason {@code API_KEY_INVALID}; it
 * is an authentication failure all the same, and trying again will not help.
 *
 * @param reason the {@code ErrorInfo} reason, else the {@code status}; empty for errors of another shape
 * @param unauthenticated whether the details say the key is wrong
 * @param retryDelay the {@code RetryInfo} delay, or null
 */
record GoogleErrors(String reason, boolean unauthenticated, Duration retryDelay) {

    private static final Pattern CODE_NAME = Pattern.compile("[A-Z][A-Z_]*");
    private static final GoogleErrors NONE = new GoogleErrors("", false, null);

    /**
     * Reads the error object; one without a numeric {@code code} and a canonical code name in {@code status}
     * (Azure, for one, puts the HTTP status there as a number) is not Google's.
     */
    static GoogleErrors of(JsonNode error) {
        final JsonNode statusNode = get(error, "status");
        final String status = statusNode.isTextual() ? statusNode.textValue() : "";
        if (!CODE_NAME.matcher(status).matches() || !get(error, "code").isNumber()) {
            return NONE;
        }
        String reason = status;
        Duration delay = null;
        for (JsonNode detail : array(error, "details")) {
            final String type = text(detail, "@type");
            if (type.endsWith("google.rpc.ErrorInfo") && !text(detail, "reason").isEmpty()) {
                reason = text(detail, "reason");
            } else if (type.endsWith("google.rpc.RetryInfo")) {
                delay = duration(text(detail, "retryDelay"));
            }
        }
        final boolean badKey = "API_KEY_INVALID".equals(reason) || "UNAUTHENTICATED".equals(status);
        return new GoogleErrors(reason, badKey, delay);
    }

    /** Returns the kind to report instead of the one the HTTP status gives. */
    ErrorKind kind(ErrorKind byStatus) {
        return unauthenticated ? ErrorKind.UNAUTHENTICATED : byStatus;
    }

    /** Parses a protobuf JSON duration such as {@code "7s"} or {@code "0.5s"}; anything else is null. */
    private static Duration duration(String value) {
        if (!value.endsWith("s")) {
            return null;
        }
        try {
            final double seconds = Double.parseDouble(value.substring(0, value.length() - 1));
            return seconds < 0 ? null : Duration.ofMillis((long) (seconds * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
