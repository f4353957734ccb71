package dev.llmg.internal.api;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Says what was wrong with a REST request that Armeria's HTTP/JSON transcoder refused (with a 400 and an
 * {@link IllegalArgumentException}) before the gRPC service ran: a body that is not JSON or not an object,
 * or a query parameter that is not the number its field needs, named by the parameter.
 */
final class TranscodingFailures {

    /** How Java's number parsing quotes the text it could not read. */
    private static final Pattern NOT_A_NUMBER = Pattern.compile("For input string: \"(.*)\"");

    private TranscodingFailures() {}

    /** Returns the message for the transcoder's complaint {@code reason} about the request on {@code ctx}. */
    static String describe(ServiceRequestContext ctx, IllegalArgumentException reason) {
        if (reason.getCause() instanceof JsonProcessingException) {
            return DecodeFailures.describe(reason.getCause());
        }
        if (reason instanceof NumberFormatException) {
            return notANumber(ctx, reason.getMessage());
        }
        final String text = String.valueOf(reason.getMessage());
        if (text.startsWith("Unexpected JSON")) {
            return "the request body must be a JSON object";
        }
        if (text.startsWith("Missing or invalid content-type")) {
            return "send the body as JSON, with content-type: application/json";
        }
        return DecodeFailures.sanitize(text);
    }

    /** Names the query parameter whose value the transcoder could not read as a number. */
    private static String notANumber(ServiceRequestContext ctx, String message) {
        final Matcher quoted = NOT_A_NUMBER.matcher(String.valueOf(message));
        if (quoted.find()) {
            for (Map.Entry<String, String> parameter : ctx.queryParams()) {
                if (parameter.getValue().equals(quoted.group(1))) {
                    return "query parameter " + parameter.getKey() + " must be a number, not '"
                           + parameter.getValue() + '\'';
                }
            }
        }
        return "a query parameter that must be a number holds something else";
    }
}
