package dev.llmg.internal.server;

import static java.util.Objects.requireNonNull;

import java.util.Set;

import javax.inject.Inject;

import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;

import dev.llmg.internal.api.json.StrictGrpcJsonMarshaller;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.auth.Authenticator;
import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

/**
 * Puts every llmg service on an Armeria {@link ServerBuilder}: the one place that decides what the port
 * serves, shared by {@code main} and by the tests' servers.
 *
 * <p>One port carries gRPC (HTTP/2 and h2c), gRPC-Web, HTTP/JSON transcoding of the unary methods, gRPC
 * health and reflection, the DocService at {@code /docs} and a plain health check at {@code /healthz}.
 * Connections that stay idle, or that trickle in a request's head, are closed ({@code server.idle_timeout},
 * {@code server.request_header_timeout}), and a body announced over {@code server.max_request_length} is
 * refused before it is sent ({@link ConnectionGuards}).
 */
public final class GatewayServerConfigurator {

    private final Set<BindableService> services;
    private final Set<RouteContributor> routes;
    private final GrpcExceptionHandlerFunction errorMapper;
    private final UnframedGrpcErrorHandler transcodingErrors;
    private final ServerErrorHandler errors;
    private final ServerSettings settings;
    private final ConfigWatching configWatching;
    private final Authenticator authenticator;

    @Inject
    GatewayServerConfigurator(Set<BindableService> services, Set<RouteContributor> routes,
                              GrpcExceptionHandlerFunction errorMapper, UnframedGrpcErrorHandler transcodingErrors,
                              ServerErrorHandler errors, ServerSettings settings, ConfigWatching configWatching,
                              Authenticator authenticator) {
        this.services = requireNonNull(services, "services");
        this.routes = requireNonNull(routes, "routes");
        this.errorMapper = requireNonNull(errorMapper, "errorMapper");
        this.transcodingErrors = requireNonNull(transcodingErrors, "transcodingErrors");
        this.errors = requireNonNull(errors, "errors");
        this.settings = requireNonNull(settings, "settings");
        this.configWatching = requireNonNull(configWatching, "configWatching");
        this.authenticator = requireNonNull(authenticator, "authenticator");
    }

    /** Adds llmg's services, limits and shutdown behaviour to {@code sb}; the caller chooses the port. */
    public void configure(ServerBuilder sb) {
        sb.serverListener(configWatching);
        sb.maxRequestLength(settings.maxRequestLength())
          .requestTimeout(settings.requestTimeout())
          // A connection carrying a call (a stream, a WebSocket) is never idle; PINGs do not keep one open.
          .idleTimeout(settings.idleTimeout(), false)
          .childChannelPipelineCustomizer(new ConnectionGuards(settings.requestHeaderTimeout().toNanos(),
                                                               settings.maxRequestLength()))
          .gracefulShutdownTimeout(settings.shutdownQuietPeriod(), settings.shutdownTimeout());

        final GrpcService grpc = GrpcService.builder()
                                            .addServices(services)
                                            .addService(GrpcHealthCheckService.builder().build())
                                            .addService(ProtoReflectionServiceV1.newInstance())
                                            .intercept(new RequestMessageArrival())
                                            .enableHttpJsonTranscoding(true)
                                            .jsonMarshallerFactory(StrictGrpcJsonMarshaller.factory())
                                            .exceptionHandler(errorMapper)
                                            // REST callers get the ErrorDetail (field to fix,
                                            // provider request id) as JSON too.
                                            .httpJsonTranscodingErrorHandler(transcodingErrors)
                                            .build();
        sb.service(grpc, PlainTextErrors::new)
          .serviceUnder("/docs", DocExamples.addTo(DocService.builder()).build())
          .service("/healthz", HealthCheckService.of())
          .decorator(RequestIdHeader::new)
          .decorator(delegate -> new Authentication(delegate, authenticator));
        routes.forEach(route -> route.addTo(sb));
        // Last, so that surfaces with an error shape of their own (OpenAI's under /v1) answer first.
        sb.errorHandler(errors);
    }
}
