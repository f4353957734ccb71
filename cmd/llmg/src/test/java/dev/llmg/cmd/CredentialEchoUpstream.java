package dev.llmg.cmd;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * A hostile provider on loopback that speaks OpenAI ({@code /openai/v1/chat/completions}), Azure OpenAI
 * ({@code /azure/openai/deployments/{d}/chat/completions}) and Anthropic ({@code /anthropic/v1/messages}),
 * and echoes the credential it was sent ({@code Authorization}, {@code api-key} or {@code x-api-key}, as
 * received) back wherever the request's text asks, so that a test can look for the key in what the gateway
 * passes on.
 *
 * <p>The user's text steers it: {@code echo SCENARIO PLACES}, where PLACES is a comma-separated list of
 * {@code message}, {@code param}, {@code code}, {@code type} (fields of the error object) and
 * {@code x-request-id}, {@code request-id}, {@code apim-request-id} (response headers), and SCENARIO is
 * <ul>
 *   <li>{@code reject}: a 401 with the JSON error;</li>
 *   <li>{@code midstream}: a 200; a stream gets one good event and then the error as an event, any other call
 *       the JSON error object;</li>
 *   <li>{@code garbage}: a 200 whose body (a stream: whose only event) is the bare credential, which no JSON
 *       parser accepts, so the gateway reports (and logs) an internal error.</li>
 * </ul>
 * Anything else is answered as a good, short answer.
 */
class CredentialEchoUpstream extends ServerExtension {

    /** The keys of {@link #gatewayConfig()}, all long and shaped like the real ones. */
    static final String OPENAI_KEY = "sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90";
    static final String AZURE_KEY = "d3adbeefc0ffee0123456789abcdef42";
    static final String ANTHROPIC_KEY = "sk-ant-api03-Zy98Xw76_Vu54-Ts32Rq10PoNmLkJiHgFeDcBa-QQ";
    static final List<String> KEYS = List.of(OPENAI_KEY, AZURE_KEY, ANTHROPIC_KEY);

    private static final Pattern STEERING = Pattern.compile("echo (reject|midstream|garbage) ?([a-z,-]*)");

    private static final String OPENAI_ANSWER =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"fine\"},\"finish_reason\":\"stop\"}]}";
    private static final String OPENAI_PIECE =
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}\n\n";
    private static final String ANTHROPIC_PIECE =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"model\":\"claude\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n";

    @Override
    protected void configure(ServerBuilder sb) {
        sb.requestTimeoutMillis(0);
        sb.serviceUnder("/", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(request -> {
            final boolean anthropic = ctx.path().endsWith("/messages");
            final String body = request.contentUtf8();
            final Matcher steering = STEERING.matcher(body);
            if (!steering.find()) {
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, OPENAI_ANSWER);
            }
            return answer(steering.group(1), List.of(steering.group(2).split(",")), credential(request.headers()),
                          anthropic, body.contains("\"stream\":true"));
        })));
    }

    /** Returns the gateway configuration with gpt-echo (OpenAI), azure-echo (Azure) and claude-echo (Anthropic). */
    String gatewayConfig() {
        return String.join("\n",
                "providers:",
                "  openai:",
                "    type: openai",
                "    base_url: " + httpUri() + "/openai/v1",
                "    api_key: " + OPENAI_KEY,
                "  azure:",
                "    type: azure",
                "    endpoint: " + httpUri() + "/azure",
                "    api_key: " + AZURE_KEY,
                "  anthropic:",
                "    type: anthropic",
                "    base_url: " + httpUri() + "/anthropic/v1",
                "    api_key: " + ANTHROPIC_KEY,
                "models:",
                "  - name: gpt-echo",
                "    provider: openai",
                "  - name: azure-echo",
                "    provider: azure",
                "  - name: claude-echo",
                "    provider: anthropic",
                // Every call must reach the echoing upstream: no breaker opens, no retry repeats a call.
                "routing:",
                "  retry: {attempts: 1}",
                "  breaker: {consecutive_failures: 0, minimum_requests: 1000000}",
                "");
    }

    /** Returns the credential header's value as the provider sent it, e.g. {@code Bearer sk-...}. */
    private static String credential(RequestHeaders headers) {
        for (String name : List.of("authorization", "api-key", "x-api-key")) {
            final String value = headers.get(name);
            if (value != null) {
                return value;
            }
        }
        return "(no credential)";
    }

    private static HttpResponse answer(String scenario, List<String> places, String credential, boolean anthropic,
                                       boolean stream) {
        switch (scenario) {
            case "reject":
                return HttpResponse.of(headers(HttpStatus.UNAUTHORIZED, MediaType.JSON, places, credential),
                                       HttpData.ofUtf8(errorJson(places, credential)));
            case "midstream":
                if (!stream) {
                    return HttpResponse.of(headers(HttpStatus.OK, MediaType.JSON, places, credential),
                                           HttpData.ofUtf8(errorJson(places, credential)));
                }
                return HttpResponse.of(
                        headers(HttpStatus.OK, MediaType.EVENT_STREAM, places, credential),
                        StreamMessage.of(HttpData.ofUtf8(anthropic ? ANTHROPIC_PIECE : OPENAI_PIECE),
                                         HttpData.ofUtf8((anthropic ? "event: error\n" : "") + "data: "
                                                         + errorJson(places, credential) + "\n\n")));
            default: // garbage
                if (stream) {
                    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM),
                                           StreamMessage.of(HttpData.ofUtf8("data: " + credential + "\n\n")));
                }
                return HttpResponse.of(HttpStatus.OK, MediaType.JSON, credential);
        }
    }

    private static ResponseHeaders headers(HttpStatus status, MediaType type, List<String> places, String credential) {
        final ResponseHeadersBuilder headers = ResponseHeaders.builder(status).contentType(type);
        for (String place : places) {
            if (place.endsWith("request-id")) {
                headers.add(place, credential);
            }
        }
        return headers.build();
    }

    /** Writes the error object OpenAI and Anthropic both send, with the credential in the fields named. */
    private static String errorJson(List<String> places, String credential) {
        final String echo = '"' + credential.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return "{\"type\":\"error\",\"error\":{"
               + "\"message\":" + (places.contains("message") ? echo : "\"Incorrect API key provided\"")
               + ",\"type\":" + (places.contains("type") ? echo : "\"authentication_error\"")
               + ",\"param\":" + (places.contains("param") ? echo : "null")
               // A code hides the type from the reason; leave it out when the type carries the echo.
               + ",\"code\":" + (places.contains("code") ? echo
                                                         : places.contains("type") ? "null" : "\"invalid_api_key\"")
               + "}}";
    }
}
