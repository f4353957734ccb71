package dev.llmg.internal.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import com.google.protobuf.util.Durations;
import com.linecorp.armeria.client.circuitbreaker.CircuitState;
import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.api.gateway.v1.BreakerState;
import dev.llmg.api.gateway.v1.ListModelGroupsRequest;
import dev.llmg.api.gateway.v1.ListModelGroupsResponse;
import dev.llmg.api.gateway.v1.ListTargetsRequest;
import dev.llmg.api.gateway.v1.ListTargetsResponse;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.api.gateway.v1.TargetStatus;
import dev.llmg.internal.auth.Authentication;
import dev.llmg.internal.routing.LiveRoutingTable;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.ModelDirectory;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.internal.routing.Target;
import dev.llmg.internal.routing.health.TargetHealth;
import io.grpc.stub.StreamObserver;

/**
 * Serves {@code gatewayapi.v1.RoutingService} ({@code GET /api/v1/routing/targets} and {@code /groups}): every
 * target of the routing table in use, with the health routing acts on, and the table itself (models, rules,
 * attempt settings, as {@link RoutingTableView} shows it to the caller), so that an operator sees why traffic
 * goes where it goes.
 */
final class RoutingGrpcService extends RoutingServiceGrpc.RoutingServiceImplBase {

    private final ModelDirectory models;
    private final LiveRoutingTable live;

    @Inject
    RoutingGrpcService(ModelDirectory models, LiveRoutingTable live) {
        this.models = requireNonNull(models, "models");
        this.live = requireNonNull(live, "live");
    }

    @Override
    public void listModelGroups(ListModelGroupsRequest request, StreamObserver<ListModelGroupsResponse> observer) {
        observer.onNext(RoutingTableView.of(live.current(),
                                            Authentication.callerOf(ServiceRequestContext.current())));
        observer.onCompleted();
    }

    @Override
    public void listTargets(ListTargetsRequest request, StreamObserver<ListTargetsResponse> observer) {
        final Map<Target, TargetStatus.Builder> byTarget = new LinkedHashMap<>();
        for (ModelGroup model : models.byName()) {
            for (RouteTarget target : model.targets()) {
                byTarget.computeIfAbsent(target.target(), unused -> status(target)).addModels(model.name());
            }
        }
        final List<TargetStatus> targets = new ArrayList<>();
        byTarget.values().forEach(status -> targets.add(status.build()));
        targets.sort(Comparator.comparing((TargetStatus status) -> status.getTarget().getProvider())
                               .thenComparing(status -> status.getTarget().getModel()));
        observer.onNext(ListTargetsResponse.newBuilder().addAllTargets(targets).build());
        observer.onCompleted();
    }

    private static TargetStatus.Builder status(RouteTarget target) {
        final TargetHealth health = target.health();
        final TargetStatus.Builder status =
                TargetStatus.newBuilder().setTarget(target.target().toProto())
                            .setAvailable(target.provider().client().isPresent())
                            .setUnavailableReason(target.provider().unavailableReason().orElse(""))
                            .setBreaker(breaker(health.breakerState()))
                            .setInFlight(health.inFlight())
                            .setErrorRate(health.errorRate());
        final double latency = health.latencyMillis();
        if (!Double.isNaN(latency)) {
            status.setLatency(Durations.fromNanos((long) (latency * 1_000_000)));
        }
        return status;
    }

    private static BreakerState breaker(CircuitState state) {
        switch (state) {
            case CLOSED: return BreakerState.BREAKER_STATE_CLOSED;
            case HALF_OPEN: return BreakerState.BREAKER_STATE_HALF_OPEN;
            default: return BreakerState.BREAKER_STATE_OPEN; // OPEN and FORCED_OPEN
        }
    }
}
