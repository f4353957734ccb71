package dev.llmg.internal.api;

import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.api.json.TranscodedBodyCheck;
import dev.llmg.internal.server.RouteContributor;
import dev.llmg.internal.tracking.InferenceStore;
import io.grpc.BindableService;

/** Contributes the gRPC services of {@code gatewayapi.v1} and the one error mapping they share. */
@Module
public interface ApiModule {

    /** Serves ChatService. */
    @Binds
    @IntoSet
    BindableService chat(ChatGrpcService service);

    /** Serves ModelsService. */
    @Binds
    @IntoSet
    BindableService models(ModelsGrpcService service);

    /** Serves RoutingService. */
    @Binds
    @IntoSet
    BindableService routing(RoutingGrpcService service);

    /** Serves EmbeddingsService. */
    @Binds
    @IntoSet
    BindableService embeddings(EmbeddingsGrpcService service);

    /** Serves StructuredOutputService. */
    @Binds
    @IntoSet
    BindableService structuredOutput(StructuredOutputGrpcService service);

    /** Serves InferencesService. */
    @Binds
    @IntoSet
    BindableService inferences(InferencesGrpcService service);

    /**
     * Declares the store InferencesService reads, which the storage module binds; without one the service
     * answers FAILED_PRECONDITION instead of keeping the gateway from starting.
     */
    @BindsOptionalOf
    InferenceStore inferenceStore();

    /** Answers the errors Armeria raises around the services in llmg's shapes; the server consults it last. */
    @Binds
    ServerErrorHandler errors(RestErrorHandler handler);

    /** Prints the failures of transcoded REST calls as llmg's JSON error. */
    @Binds
    UnframedGrpcErrorHandler transcodingErrors(TranscodingErrorJson handler);

    /** Reads REST bodies strictly before Armeria's transcoder, which would lose trailing text and overflows. */
    @Binds
    @IntoSet
    RouteContributor transcodedBodies(TranscodedBodyCheck check);

    /** Maps domain exceptions to gRPC statuses. */
    @Binds
    GrpcExceptionHandlerFunction errorMapper(GrpcErrorMapper mapper);
}
