package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

import javax.inject.Inject;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.ListModelsRequest;
import dev.llmg.api.gateway.v1.ListModelsResponse;
import dev.llmg.api.gateway.v1.Model;
import dev.llmg.api.gateway.v1.ModelsServiceGrpc;
import dev.llmg.api.json.v1.PageInfo;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.auth.ModelAccess;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.routing.ModelDirectory;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.ModelsService}: the configured models and model groups the caller may use, in name order, with cursor pages
 * whose token is the last name of the previous page, so pages stay consistent while models change.
 */
final class ModelsGrpcService extends ModelsServiceGrpc.ModelsServiceImplBase {

    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    private final ModelDirectory models;

    @Inject
    ModelsGrpcService(ModelDirectory models) {
        this.models = requireNonNull(models, "models");
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        final int requested = request.getPage().getPageSize();
        if (requested < 0) {
            observer.onError(GatewayException.invalidArgument("page.page_size", "page.page_size must not be negative"));
            return;
        }
        final int size = requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
        final String after;
        try {
            after = new String(Base64.getUrlDecoder().decode(request.getPage().getPageToken()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            observer.onError(GatewayException.invalidArgument("page.page_token",
                    "page.page_token is not a token this server returned; omit it to start from the first page"));
            return;
        }
        // A caller lists only the models its endpoint may use.
        final Caller caller = Authentication.callerOf(ServiceRequestContext.current());
        final Predicate<ModelGroup> mayUse = model -> ModelAccess.mayUse(caller, model.name());
        final List<ModelGroup> page = models.after(after, size + 1, mayUse);
        final boolean more = page.size() > size;
        final List<ModelGroup> shown = more ? page.subList(0, size) : page;
        final ListModelsResponse.Builder response = ListModelsResponse.newBuilder();
        shown.forEach(model -> response.addModels(toModel(model)));
        final PageInfo.Builder info = PageInfo.newBuilder().setTotalSize((int) models.byName().stream().filter(mayUse).count());
        if (more) {
            info.setNextPageToken(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    shown.get(shown.size() - 1).name().getBytes(StandardCharsets.UTF_8)));
        }
        observer.onNext(response.setPage(info).build());
        observer.onCompleted();
    }

    private static Model toModel(ModelGroup model) {
        final Model.Builder proto = Model.newBuilder().setId(model.name())
                                         .setProvider(model.targets().get(0).target().provider())
                                         .setProviderModel(model.targets().get(0).target().model())
                                         .setAvailable(model.available())
                                         .setUnavailableReason(ModelDirectory.unavailableReason(model).orElse(""))
                                         .setStrategy(model.strategy().configName())
                                         .addAllFallbacks(model.fallbacks())
                                         .setEmbeddings(ModelDirectory.embeddings(model));
        model.targets().forEach(target -> proto.addTargets(target.target().toProto()));
        return proto.build();
    }
}
