package dev.llmg.internal.api;

import com.linecorp.armeria.common.grpc.GrpcExceptionHandlerFunction;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.grpc.UnframedGrpcErrorHandler;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
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

    /** Serves EmbeddingsService. */
    @Binds
    @IntoSet
    BindableService embeddings(EmbeddingsGrpcService service);

    /** Answers the errors Armeria raises around the services in llmg's shapes; the server consults it last. */
    @Binds
    ServerErrorHandler errors(RestErrorHandler handler);

    /** Prints the failures of transcoded REST calls as llmg's JSON error. */
    @Binds
    UnframedGrpcErrorHandler transcodingErrors(TranscodingErrorJson handler);

    /** Maps domain exceptions to gRPC statuses. */
    @Binds
    GrpcExceptionHandlerFunction errorMapper(GrpcErrorMapper mapper);
}
