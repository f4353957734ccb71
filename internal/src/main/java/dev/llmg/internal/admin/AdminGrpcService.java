package dev.llmg.internal.admin;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;

import dev.llmg.api.gateway.v1.AdminServiceGrpc;
import dev.llmg.api.gateway.v1.CreateKeyRequest;
import dev.llmg.api.gateway.v1.CreateKeyResponse;
import dev.llmg.api.gateway.v1.CreateLevelRequest;
import dev.llmg.api.gateway.v1.CreateLevelResponse;
import dev.llmg.api.gateway.v1.CreateModelEntryRequest;
import dev.llmg.api.gateway.v1.CreateModelEntryResponse;
import dev.llmg.api.gateway.v1.CreateProviderRequest;
import dev.llmg.api.gateway.v1.CreateProviderResponse;
import dev.llmg.api.gateway.v1.DeleteLevelRequest;
import dev.llmg.api.gateway.v1.DeleteLevelResponse;
import dev.llmg.api.gateway.v1.DeleteModelEntryRequest;
import dev.llmg.api.gateway.v1.DeleteModelEntryResponse;
import dev.llmg.api.gateway.v1.DeleteProviderRequest;
import dev.llmg.api.gateway.v1.DeleteProviderResponse;
import dev.llmg.api.gateway.v1.ListAuditEventsRequest;
import dev.llmg.api.gateway.v1.ListAuditEventsResponse;
import dev.llmg.api.gateway.v1.ListKeysRequest;
import dev.llmg.api.gateway.v1.ListKeysResponse;
import dev.llmg.api.gateway.v1.ListLevelsRequest;
import dev.llmg.api.gateway.v1.ListLevelsResponse;
import dev.llmg.api.gateway.v1.ListModelEntriesRequest;
import dev.llmg.api.gateway.v1.ListModelEntriesResponse;
import dev.llmg.api.gateway.v1.ListProvidersRequest;
import dev.llmg.api.gateway.v1.ListProvidersResponse;
import dev.llmg.api.gateway.v1.RevokeKeyRequest;
import dev.llmg.api.gateway.v1.RevokeKeyResponse;
import dev.llmg.api.gateway.v1.RotateKeyRequest;
import dev.llmg.api.gateway.v1.RotateKeyResponse;
import dev.llmg.api.gateway.v1.TestModelEntryRequest;
import dev.llmg.api.gateway.v1.TestModelEntryResponse;
import dev.llmg.api.gateway.v1.TestProviderRequest;
import dev.llmg.api.gateway.v1.TestProviderResponse;
import dev.llmg.api.gateway.v1.UpdateKeyRequest;
import dev.llmg.api.gateway.v1.UpdateKeyResponse;
import dev.llmg.api.gateway.v1.UpdateLevelRequest;
import dev.llmg.api.gateway.v1.UpdateLevelResponse;
import dev.llmg.api.gateway.v1.UpdateModelEntryRequest;
import dev.llmg.api.gateway.v1.UpdateModelEntryResponse;
import dev.llmg.api.gateway.v1.UpdateProviderRequest;
import dev.llmg.api.gateway.v1.UpdateProviderResponse;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.storage.StorageUnavailableException;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.AdminService} (and its REST form under {@code /api/v1/admin}): the grouping's
 * levels and keys and the audit here, the providers and models through {@link CatalogAdministration} when one is
 * bound. Only admin keys reach it ({@link Authentication}); the admin's id is each change's actor in the audit.
 *
 * <p>{@link Blocking}: every method reads or writes the database, so Armeria runs them on its blocking task
 * executor, never on an event loop.
 */
@Blocking
final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

    private static final Logger logger = LoggerFactory.getLogger(AdminGrpcService.class);

    private final LevelAdministration levels;
    private final KeyAdministration keys;
    private final AuditListing audit;
    private final Optional<CatalogAdministration> catalog;

    @Inject
    AdminGrpcService(LevelAdministration levels, KeyAdministration keys, AuditListing audit,
                     Optional<CatalogAdministration> catalog) {
        this.levels = requireNonNull(levels, "levels");
        this.keys = requireNonNull(keys, "keys");
        this.audit = requireNonNull(audit, "audit");
        this.catalog = requireNonNull(catalog, "catalog");
    }

    @Override
    public void listLevels(ListLevelsRequest request, StreamObserver<ListLevelsResponse> observer) {
        answer(observer, () -> levels.list(request));
    }

    @Override
    public void createLevel(CreateLevelRequest request, StreamObserver<CreateLevelResponse> observer) {
        answer(observer, () -> levels.create(request, actor()));
    }

    @Override
    public void updateLevel(UpdateLevelRequest request, StreamObserver<UpdateLevelResponse> observer) {
        answer(observer, () -> levels.update(request, actor()));
    }

    @Override
    public void deleteLevel(DeleteLevelRequest request, StreamObserver<DeleteLevelResponse> observer) {
        answer(observer, () -> levels.delete(request, actor()));
    }

    @Override
    public void createKey(CreateKeyRequest request, StreamObserver<CreateKeyResponse> observer) {
        answer(observer, () -> keys.create(request, actor()));
    }

    @Override
    public void listKeys(ListKeysRequest request, StreamObserver<ListKeysResponse> observer) {
        answer(observer, () -> keys.list(request));
    }

    @Override
    public void updateKey(UpdateKeyRequest request, StreamObserver<UpdateKeyResponse> observer) {
        answer(observer, () -> keys.update(request, actor()));
    }

    @Override
    public void revokeKey(RevokeKeyRequest request, StreamObserver<RevokeKeyResponse> observer) {
        answer(observer, () -> keys.revoke(request, actor()));
    }

    @Override
    public void rotateKey(RotateKeyRequest request, StreamObserver<RotateKeyResponse> observer) {
        answer(observer, () -> keys.rotate(request, actor()));
    }

    @Override
    public void listAuditEvents(ListAuditEventsRequest request, StreamObserver<ListAuditEventsResponse> observer) {
        answer(observer, () -> audit.list(request));
    }

    @Override
    public void listProviders(ListProvidersRequest request, StreamObserver<ListProvidersResponse> observer) {
        answer(observer, () -> catalog().listProviders(request));
    }

    @Override
    public void createProvider(CreateProviderRequest request, StreamObserver<CreateProviderResponse> observer) {
        answer(observer, () -> catalog().createProvider(request, admin()));
    }

    @Override
    public void updateProvider(UpdateProviderRequest request, StreamObserver<UpdateProviderResponse> observer) {
        answer(observer, () -> catalog().updateProvider(request, admin()));
    }

    @Override
    public void deleteProvider(DeleteProviderRequest request, StreamObserver<DeleteProviderResponse> observer) {
        answer(observer, () -> catalog().deleteProvider(request, admin()));
    }

    @Override
    public void testProvider(TestProviderRequest request, StreamObserver<TestProviderResponse> observer) {
        answer(observer, () -> catalog().testProvider(request, admin()));
    }

    @Override
    public void listModelEntries(ListModelEntriesRequest request, StreamObserver<ListModelEntriesResponse> observer) {
        answer(observer, () -> catalog().listModelEntries(request));
    }

    @Override
    public void createModelEntry(CreateModelEntryRequest request, StreamObserver<CreateModelEntryResponse> observer) {
        answer(observer, () -> catalog().createModelEntry(request, admin()));
    }

    @Override
    public void updateModelEntry(UpdateModelEntryRequest request, StreamObserver<UpdateModelEntryResponse> observer) {
        answer(observer, () -> catalog().updateModelEntry(request, admin()));
    }

    @Override
    public void deleteModelEntry(DeleteModelEntryRequest request, StreamObserver<DeleteModelEntryResponse> observer) {
        answer(observer, () -> catalog().deleteModelEntry(request, admin()));
    }

    @Override
    public void testModelEntry(TestModelEntryRequest request, StreamObserver<TestModelEntryResponse> observer) {
        answer(observer, () -> catalog().testModelEntry(request, admin()));
    }

    private CatalogAdministration catalog() {
        return catalog.orElseThrow(() -> Status.UNIMPLEMENTED.withDescription(
                "providers and models cannot be managed through the admin API of this build: configure them in "
                + "the configuration file").asRuntimeException());
    }

    private static Caller admin() {
        return Authentication.callerOf(ServiceRequestContext.current());
    }

    private static String actor() {
        return admin().id();
    }

    /** Sends what {@code answer} returns, or its failure for the server's error mapping; the database's is 503. */
    private static <T> void answer(StreamObserver<T> observer, Supplier<T> answer) {
        final T response;
        try {
            response = answer.get();
        } catch (GatewayException | StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (StorageUnavailableException e) {
            logger.warn("The admin API could not reach the database: {}", e.getMessage());
            observer.onError(new GatewayException(ErrorKind.UNAVAILABLE, "storage_unavailable", "",
                                                  "the database is unavailable; try again", e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
