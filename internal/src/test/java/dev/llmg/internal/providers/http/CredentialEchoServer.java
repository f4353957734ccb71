package dev.llmg.internal.providers.http;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * A hostile provider on loopback: it echoes the credential it was sent ({@code Authorization},
 * {@code x-api-key} or {@code api-key}, as received) back in its answer, wherever the test asks.
 *
 * <p>A provider pointed at {@link #baseUri(String, String)} under {@code /echo/{where}/{how}} gets, on any path
 * below (OpenAI's, Azure's deployments, Anthropic's {@code /messages}):
 * <ul>
 *   <li>{@code how = reject}: a 401 whose JSON error carries the credential in {@code where}: one of
 *       {@code message}, {@code param}, {@code code}, {@code type}, or one of the request-id headers
 *       {@code x-request-id}, {@code request-id}, {@code apim-request-id};</li>
 *   <li>{@code how = midstream}: a 200 event stream with one good event, then an error event carrying the
 *       credential in {@code where} (a header of the 200, or a field of the error);</li>
 *   <li>{@code how = garbage}: a 200 whose body (or, for a stream, whose only event) is the bare credential,
 *       which no JSON parser accepts;</li>
 *   <li>{@code how = answer}: a good answer, with the credential in the request-id header {@code where}.</li>
 * </ul>
 */
final class CredentialEchoServer extends ServerExtension {

    private static final String OPENAI_PIECE =
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String OPENAI_ANSWER =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}";
    private static final String ANTHROPIC_ANSWER =
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"fine\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    private static final String ANTHROPIC_PIECE =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"model\":\"claude\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";

    @Override
    protected void configure(ServerBuilder sb) {
        sb.serviceUnder("/echo/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final String[] segments = ctx.mappedPath().split("/");
            final boolean anthropic = ctx.mappedPath().endsWith("/messages");
            return answer(segments[1], segments[2], credential(request.headers()), anthropic, request);
        })));
    }

    /** Returns the API root under which every call is answered as described above. */
    java.net.URI baseUri(String where, String how) {
        return httpUri().resolve("/echo/" + where + '/' + how);
    }

    /** Returns the credential header as the provider sent it, e.g. {@code Bearer sk-...}. */
    static String credential(RequestHeaders headers) {
        for (String name : new String[] { "authorization", "x-api-key", "api-key" }) {
            final String value = headers.get(name);
            if (value != null) {
                return value;
            }
        }
        return "(no credential)";
    }

    private static HttpResponse answer(String where, String how, String credential, boolean anthropic,
                                       AggregatedHttpRequest request) {
        switch (how) {
            case "reject":
                return HttpResponse.of(headers(HttpStatus.UNAUTHORIZED, MediaType.JSON, where, credential).build(),
                                       HttpData.ofUtf8(errorJson(where, credential)));
            case "midstream": {
                final String error = anthropic ? "event: error\ndata: " + errorJson(where, credential) + "\n\n"
                                               : "data: " + errorJson(where, credential) + "\n\n";
                return HttpResponse.of(headers(HttpStatus.OK, MediaType.EVENT_STREAM, where, credential).build(),
                                       StreamMessage.of(HttpData.ofUtf8(anthropic ? ANTHROPIC_PIECE : OPENAI_PIECE),
                                                        HttpData.ofUtf8(error)));
            }
            case "garbage":
                if (request.contentUtf8().contains("\"stream\":true")) {
                    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM),
                                           StreamMessage.of(HttpData.ofUtf8("data: " + credential + "\n\n")));
                }
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, credential);
            case "answer":
                return HttpResponse.of(headers(HttpStatus.OK, MediaType.JSON, where, credential).build(),
                                       HttpData.ofUtf8(anthropic ? ANTHROPIC_ANSWER : OPENAI_ANSWER));
            default:
                return HttpResponse.of(HttpStatus.NOT_FOUND);
        }
    }

    private static ResponseHeadersBuilder headers(HttpStatus status, MediaType type, String where, String credential) {
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(type);
        if (where.endsWith("request-id")) {
            headers.add(where, credential);
        }
        return headers;
    }

    /** Writes the error object both OpenAI and Anthropic send, with the credential in the field named. */
    private static String errorJson(String where, String credential) {
        final String echo = '"' + credential.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return "{\"type\":\"error\",\"error\":{"
               + "\"message\":" + ("message".equals(where) ? echo : "\"Incorrect API key provided\"")
               + ",\"type\":" + ("type".equals(where) ? echo : "\"authentication_error\"")
               + ",\"param\":" + ("param".equals(where) ? echo : "null")
               // A code hides the type from the reason; leave it out when the type carries the echo.
               + ",\"code\":" + ("code".equals(where) ? echo : "type".equals(where) ? "null" : "\"invalid_api_key\"")
               + "}}";
    }
}
