package dev.llmg.internal.call;

import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;

/** Names the front door a call came through, for records, traces and metrics. */
public enum Surface {
    /** gRPC over HTTP/2 (binary or JSON). */
    GRPC("grpc"),
    /** gRPC-Web, from browsers. */
    GRPC_WEB("grpc-web"),
    /** The REST/JSON transcoding of the gRPC services under {@code /api/v1}. */
    REST("rest"),
    /** The OpenAI-compatible API under {@code /v1}. */
    OPENAI("openai"),
    /** Server-Sent Events of the native API ({@code /api/v1/chat/completions:stream}). */
    SSE("sse"),
    /** The chat WebSocket of the native API ({@code /api/v1/ws}). */
    WEBSOCKET("websocket"),
    /** The GraphQL endpoint ({@code /graphql}): queries and mutations over HTTP, subscriptions over WebSocket. */
    GRAPHQL("graphql");

    private final String label;

    Surface(String label) {
        this.label = label;
    }

    /** Returns the short lowercase name used in records and metrics, e.g. {@code grpc-web}. */
    public String label() {
        return label;
    }

    /** Tells, from its content type, which door a request to a gRPC service came through. */
    public static Surface ofGrpcService(ServiceRequestContext ctx) {
        final MediaType type = ctx.request().contentType();
        if (type == null) {
            return REST; // the transcoding serves GET requests, which have no body and no content type
        }
        final String subtype = type.subtype();
        if (subtype.startsWith("grpc-web")) {
            return GRPC_WEB;
        }
        return subtype.startsWith("grpc") ? GRPC : REST;
    }
}
