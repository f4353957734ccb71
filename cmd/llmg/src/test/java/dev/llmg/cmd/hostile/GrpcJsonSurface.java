package dev.llmg.cmd.hostile;

import java.util.Map;

/**
 * A gRPC method called with a JSON body in a gRPC frame ({@code application/grpc+json} over HTTP/2, or
 * {@code application/grpc-web+json}): errors are gRPC statuses.
 */
final class GrpcJsonSurface implements JsonSurface {

    private final GrpcWire wire;
    private final GrpcWire.Transport transport;
    private final String method;

    GrpcJsonSurface(GrpcWire wire, GrpcWire.Transport transport, String method) {
        this.wire = wire;
        this.transport = transport;
        this.method = method;
    }

    @Override
    public String name() {
        return transport.contentType + ' ' + method;
    }

    @Override
    public Reply send(byte[] body) {
        return wire.call(transport, method, GrpcFrames.frame(body), Map.of());
    }
}
