package dev.llmg.cmd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.json.v1.ErrorDetail;

/**
 * Sends the same JSON to every surface of the native API that reads proto3 JSON (REST transcoding,
 * gRPC-JSON and gRPC-Web JSON over h2c, Server-Sent Events, the WebSocket) and reduces each answer to its
 * verdict: {@code OK}, or the gRPC code name and the field its ErrorDetail names.
 */
final class JsonSurfaces {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The HTTP calls' own client factory: in the default one, an HTTP call that upgraded to HTTP/2 makes the
     * WebSocket client try HTTP/2 too, which this test is not about.
     */
    private static final ClientFactory HTTP_CALLS = ClientFactory.builder().build();

    private JsonSurfaces() {}

    /** Posts a chat request body to {@code POST /api/v1/chat/completions}. */
    static String rest(ServerExtension server, String path, String body) {
        return ofHttp(client(server.httpUri()).prepare().post(path).content(MediaType.JSON_UTF_8, body)
                                              .execute().aggregate().join());
    }

    /** Posts a chat request body to {@code POST /api/v1/chat/completions:stream}. */
    static String sse(ServerExtension server, String body) {
        final AggregatedHttpResponse response = client(server.httpUri()).execute(
                RequestHeaders.builder(HttpMethod.POST, SseReader.PATH).contentType(MediaType.JSON_UTF_8).build(),
                body).aggregate().join();
        return response.status().code() == 200 ? "OK" : ofHttp(response);
    }

    /**
     * Calls {@code method} (e.g. {@code gatewayapi.v1.ChatService/CreateChatCompletion}) with one gRPC
     * frame holding {@code json}, as {@code application/grpc+json} or, with {@code web}, as
     * {@code application/grpc-web+json}.
     */
    static String grpcJson(ServerExtension server, String method, String json, boolean web) {
        final byte[] message = json.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer frame = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length)
                                           .put(message);
        final RequestHeaders headers =
                RequestHeaders.builder(HttpMethod.POST, '/' + method)
                              .contentType(MediaType.parse(web ? "application/grpc-web+json" : "application/grpc+json"))
                              .add("te", "trailers").build();
        final AggregatedHttpResponse response =
                client(server.uri(SessionProtocol.H2C)).execute(HttpRequest.of(headers, HttpData.wrap(frame.array())))
                         .aggregate().join();
        final HttpHeaders status = web ? webTrailers(response) : response.trailers().isEmpty() ? response.headers()
                                                                                                : response.trailers();
        final String code = status.get("grpc-status");
        if (code == null) {
            return "no grpc-status: HTTP " + response.status();
        }
        if (code.equals("0")) {
            return "OK";
        }
        final String details = status.get("grpc-status-details-bin");
        String field = "";
        if (details != null) {
            try {
                field = com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(details)).getDetails(0)
                                             .unpack(ErrorDetail.class).getField();
            } catch (Exception e) {
                field = "(unreadable details)";
            }
        }
        return io.grpc.Status.fromCodeValue(Integer.parseInt(code)).getCode() + " " + field;
    }

    /** Sends {@code chat} as the chat of a {@code chat.request} over a new socket. */
    static String webSocket(ServerExtension server, String chat) {
        return webSocketMessage(server, "{\"type\":\"chat.request\",\"id\":\"v\",\"chat\":" + chat + '}');
    }

    /** Sends one message over a new socket and reduces the gateway's first answer to a verdict. */
    static String webSocketMessage(ServerExtension server, String message) {
        final WsClient ws = WsClient.connect(server.httpUri());
        try {
            ws.send(message);
            final JsonNode answer = ws.next();
            final String type = answer.path("type").asText();
            if (type.equals("chat.chunk")) {
                return "OK";
            }
            return io.grpc.Status.fromCodeValue(answer.at("/error/code").asInt()).getCode() + " "
                   + answer.at("/error/details/0/field").asText();
        } finally {
            ws.close();
        }
    }

    private static WebClient client(java.net.URI uri) {
        return WebClient.builder(uri).factory(HTTP_CALLS).build();
    }

    private static String ofHttp(AggregatedHttpResponse response) {
        if (response.status().code() == 200) {
            return "OK";
        }
        try {
            final JsonNode error = JSON.readTree(response.contentUtf8());
            return io.grpc.Status.fromCodeValue(error.path("code").asInt()).getCode() + " "
                   + error.at("/details/0/field").asText();
        } catch (Exception e) {
            return "HTTP " + response.status() + " not JSON: " + response.contentUtf8();
        }
    }

    /** Reads the trailers gRPC-Web sends as the last frame of the body (flag 0x80), or else the headers. */
    private static HttpHeaders webTrailers(AggregatedHttpResponse response) {
        if (response.headers().contains("grpc-status")) {
            return response.headers();
        }
        final ByteBuffer body = ByteBuffer.wrap(response.content().array());
        while (body.remaining() >= 5) {
            final byte flag = body.get();
            final byte[] payload = new byte[body.getInt()];
            body.get(payload);
            if ((flag & 0x80) != 0) {
                final com.linecorp.armeria.common.HttpHeadersBuilder trailers = HttpHeaders.builder();
                for (String line : new String(payload, StandardCharsets.UTF_8).split("\r\n")) {
                    final int colon = line.indexOf(':');
                    if (colon > 0) {
                        trailers.add(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                    }
                }
                return trailers.build();
            }
        }
        return response.trailers();
    }
}
