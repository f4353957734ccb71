package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;

import dev.llmg.api.gateway.v1.GetInferenceRequest;
import dev.llmg.api.gateway.v1.GetInferenceResponse;
import dev.llmg.api.gateway.v1.GetTrackingStatusRequest;
import dev.llmg.api.gateway.v1.GetTrackingStatusResponse;
import dev.llmg.api.gateway.v1.GetUsageRequest;
import dev.llmg.api.gateway.v1.GetUsageResponse;
import dev.llmg.api.gateway.v1.InferencesServiceGrpc;
import dev.llmg.api.gateway.v1.ListInferencesRequest;
import dev.llmg.api.gateway.v1.ListInferencesResponse;
import dev.llmg.api.json.v1.PageInfo;
import dev.llmg.internal.tracking.InferencePage;
import dev.llmg.internal.tracking.InferenceRecord;
import dev.llmg.internal.tracking.InferenceStore;
import dev.llmg.internal.tracking.TrackingStatus;
import dev.llmg.internal.tracking.UsageQuery;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.InferencesService} (and {@code GET /api/v1/inferences}, {@code /api/v1/inferences/{id}},
 * {@code /api/v1/usage}) from the {@link InferenceStore}: the recorded calls, one by one or summed.
 *
 * <p>{@link Blocking}: the store blocks on a database, so Armeria runs this service's methods (and only this
 * service's; the others share the one {@code GrpcService}) on its blocking task executor, never on an event loop.
 */
@Blocking
final class InferencesGrpcService extends InferencesServiceGrpc.InferencesServiceImplBase {

    private static final Logger logger = LoggerFactory.getLogger(InferencesGrpcService.class);

    private final Optional<InferenceStore> store;
    private final TrackingStatus tracking;

    @Inject
    InferencesGrpcService(Optional<InferenceStore> store, TrackingStatus tracking) {
        this.store = requireNonNull(store, "store");
        this.tracking = requireNonNull(tracking, "tracking");
    }

    @Override
    public void getTrackingStatus(GetTrackingStatusRequest request,
                                  StreamObserver<GetTrackingStatusResponse> observer) {
        answer(observer, tracking::now);
    }

    @Override
    public void listInferences(ListInferencesRequest request, StreamObserver<ListInferencesResponse> observer) {
        answer(observer, () -> {
            final InferenceRequests.Listing listing =
                    InferenceRequests.listing(request, TenantScope.tenantOf(ServiceRequestContext.current()));
            final InferencePage page =
                    read(store -> store.list(listing.filter(), listing.after(), listing.pageSize()));
            final ListInferencesResponse.Builder response = ListInferencesResponse.newBuilder();
            page.records().forEach(record -> response.addInferences(InferenceMessages.inference(record)));
            // total_size stays 0: counting every matching row would cost more than the page itself.
            final PageInfo.Builder info = PageInfo.newBuilder();
            page.next().ifPresent(next -> info.setNextPageToken(next.token()));
            return response.setPage(info).build();
        });
    }

    @Override
    public void getInference(GetInferenceRequest request, StreamObserver<GetInferenceResponse> observer) {
        answer(observer, () -> {
            final String id = InferenceRequests.id(request);
            final String tenant = TenantScope.tenantOf(ServiceRequestContext.current());
            final InferenceRecord record = read(store -> store.find(id, tenant)).orElseThrow(
                    () -> new GatewayException(ErrorKind.NOT_FOUND, "inference_not_found", "id",
                                               "no inference with id '" + id + "'", null));
            return GetInferenceResponse.newBuilder().setInference(InferenceMessages.inference(record)).build();
        });
    }

    @Override
    public void getUsage(GetUsageRequest request, StreamObserver<GetUsageResponse> observer) {
        answer(observer, () -> {
            final UsageQuery query = InferenceRequests.usage(
                    request, TenantScope.tenantOf(ServiceRequestContext.current()), Instant.now());
            final GetUsageResponse.Builder response =
                    GetUsageResponse.newBuilder()
                                    .setStartTime(InferenceMessages.timestamp(query.filter().from()))
                                    .setEndTime(InferenceMessages.timestamp(query.filter().to()));
            read(store -> store.usage(query)).forEach(row -> response.addRows(InferenceMessages.usageRow(row)));
            return response.build();
        });
    }

    /**
     * Runs a query on the store. A failure of the store is UNAVAILABLE whatever it is (its own words, which may
     * name hosts and tables, stay in the log); a gateway without a store refuses with FAILED_PRECONDITION.
     */
    private <T> T read(Function<InferenceStore, T> query) {
        final InferenceStore store = this.store.orElseThrow(() -> new GatewayException(
                ErrorKind.FAILED_PRECONDITION, "tracking_disabled",
                "this gateway keeps no inference records: configure storage to record and query them"));
        try {
            return query.apply(store);
        } catch (GatewayException e) {
            throw e;
        } catch (RuntimeException e) {
            logger.warn("The inference store failed", e);
            throw new GatewayException(ErrorKind.UNAVAILABLE, "storage_unavailable", "",
                                       "the inference database is unavailable", e);
        }
    }

    /** Sends what {@code answer} returns, or its failure for {@link GrpcErrorMapper} to map. */
    private static <T> void answer(StreamObserver<T> observer, Supplier<T> answer) {
        final T response;
        try {
            response = answer.get();
        } catch (GatewayException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
