package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;

import io.grpc.Status;

/**
 * Speaks gRPC on the wire with hand-built frames, over HTTP/2 for gRPC and HTTP/1.1 for gRPC-Web, and reads
 * the status wherever the server put it: the trailers, the headers of a trailers-only answer, or gRPC-Web's
 * trailer frame (base64-decoded for gRPC-Web-text).
 */
final class GrpcWire {

    /** The gRPC protocols the gateway serves, by content type. */
    enum Transport {
        GRPC("application/grpc", true, false),
        GRPC_JSON("application/grpc+json", true, false),
        GRPC_WEB("application/grpc-web+proto", false, false),
        GRPC_WEB_JSON("application/grpc-web+json", false, false),
        GRPC_WEB_TEXT("application/grpc-web-text", false, true);

        final String contentType;
        final boolean http2;
        final boolean base64;

        Transport(String contentType, boolean http2, boolean base64) {
            this.contentType = contentType;
            this.http2 = http2;
            this.base64 = base64;
        }

        boolean web() {
            return !http2;
        }
    }

    static final long TIMEOUT_MILLIS = HttpCalls.TIMEOUT_MILLIS;

    private final WebClient http2;
    private final WebClient http1;

    GrpcWire(URI gateway) {
        http2 = client("h2c://" + gateway.getAuthority());
        http1 = client("h1c://" + gateway.getAuthority());
    }

    private static WebClient client(String uri) {
        return WebClient.builder(uri).responseTimeoutMillis(TIMEOUT_MILLIS).maxResponseLength(64L << 20).build();
    }

    /** Posts {@code frames} to {@code method} ({@code /package.Service/Method}) and returns the whole answer. */
    AggregatedHttpResponse post(Transport transport, String method, byte[] frames, Map<String, String> headers) {
        return postBody(transport, method, transport.base64 ? Base64.getEncoder().encode(frames) : frames, headers);
    }

    /** Posts {@code body} as it is (not base64-encoded for gRPC-Web-text) and returns the whole answer. */
    AggregatedHttpResponse postBody(Transport transport, String method, byte[] body, Map<String, String> headers) {
        final RequestHeadersBuilder request = RequestHeaders.builder(HttpMethod.POST, method)
                                                            .contentType(com.linecorp.armeria.common.MediaType
                                                                                 .parse(transport.contentType));
        if (transport.http2) {
            request.add("te", "trailers");
        } else {
            request.add("x-grpc-web", "1").add("accept", transport.contentType);
        }
        headers.forEach(request::set);
        return (transport.http2 ? http2 : http1).execute(HttpRequest.of(request.build(), HttpData.wrap(body)))
                                               .aggregate().join();
    }

    /** Posts and judges the answer as a gRPC caller would see it. */
    Reply call(Transport transport, String method, byte[] frames, Map<String, String> headers) {
        return callWithBody(transport, method, transport.base64 ? Base64.getEncoder().encode(frames) : frames,
                            headers);
    }

    /** Posts {@code body} as it is and judges the answer as a gRPC caller would see it. */
    Reply callWithBody(Transport transport, String method, byte[] body, Map<String, String> headers) {
        try {
            return classify(transport, postBody(transport, method, body, headers));
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResponseTimeoutException) {
                return Reply.noAnswer(TIMEOUT_MILLIS / 1000.0, "no gRPC status");
            }
            return new Reply(Reply.Kind.SERVER_ERROR, "connection failed", "", List.of(),
                             e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
    }

    /** Returns the status of the answer: its code, message and data frames, as a gRPC client reads them. */
    static Reply classify(Transport transport, AggregatedHttpResponse response) {
        final int http = response.status().code();
        final byte[] body = transport.base64 ? GrpcFrames.decodeText(response.contentUtf8())
                                             : response.content().array();
        final GrpcFrames.Parsed frames = transport.web() ? GrpcFrames.parse(body) : GrpcFrames.parse(new byte[0]);
        String code = firstOf(response.trailers(), response.headers(), frames.trailers(), "grpc-status");
        final String rawMessage = firstOf(response.trailers(), response.headers(), frames.trailers(), "grpc-message");
        final String message = rawMessage == null ? "" : GrpcFrames.decodeMessage(rawMessage);
        final String excerpt = "HTTP " + http + ", grpc-status " + code + ", grpc-message " + message
                               + (code == null ? ", body " + response.contentUtf8() : "");
        if (code == null) {
            if (http == 415) {
                // The gRPC spec's answer to a content type that is no gRPC.
                return new Reply(Reply.Kind.REFUSAL, "HTTP 415", response.contentUtf8(), List.of(), excerpt);
            }
            final Status.Code mapped = mappedByClients(http);
            final Reply.Kind kind = mapped == Status.Code.INTERNAL || mapped == Status.Code.UNKNOWN
                                    ? Reply.Kind.SERVER_ERROR : Reply.Kind.REFUSAL;
            return new Reply(kind, "HTTP " + http + " without grpc-status (gRPC clients read " + mapped + ')',
                             response.contentUtf8(), List.of("no grpc-status"), excerpt);
        }
        final Status.Code status;
        try {
            status = Status.fromCodeValue(Integer.parseInt(code.trim())).getCode();
        } catch (NumberFormatException e) {
            return new Reply(Reply.Kind.SERVER_ERROR, "grpc-status " + code, message, List.of(), excerpt);
        }
        if (status == Status.Code.OK) {
            return new Reply(Reply.Kind.ANSWER, "grpc OK", "", List.of(), excerpt);
        }
        final List<String> problems = new ArrayList<>();
        if (http != 200) {
            problems.add("HTTP " + http + " around a gRPC status (gRPC answers are HTTP 200)");
        }
        final Reply.Kind kind = status == Status.Code.INTERNAL || status == Status.Code.UNKNOWN
                                || status == Status.Code.DATA_LOSS ? Reply.Kind.SERVER_ERROR : Reply.Kind.REFUSAL;
        return new Reply(kind, "grpc " + status, message, problems, excerpt);
    }

    /** The HTTP-to-gRPC table of the gRPC spec, which clients apply to answers without grpc-status. */
    private static Status.Code mappedByClients(int http) {
        switch (http) {
            case 401: return Status.Code.UNAUTHENTICATED;
            case 403: return Status.Code.PERMISSION_DENIED;
            case 404: return Status.Code.UNIMPLEMENTED;
            case 429: case 502: case 503: case 504: return Status.Code.UNAVAILABLE;
            case 400: case 431: return Status.Code.INTERNAL;
            default: return Status.Code.UNKNOWN;
        }
    }

    private static String firstOf(HttpHeaders trailers, HttpHeaders headers, Map<String, String> webTrailers,
                                  String name) {
        final String value = trailers.get(name);
        if (value != null) {
            return value;
        }
        return headers.get(name) != null ? headers.get(name) : webTrailers.get(name);
    }
}
