package dev.llmg.internal.admin;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.llmg.internal.server.RouteContributor;
import io.grpc.BindableService;

/**
 * Contributes AdminService: its gRPC service (REST under {@code /api/v1/admin} by transcoding), the refresh of the
 * grouping the database holds, stopped at shutdown, and the seam for the provider and model half.
 */
@Module
public interface AdminModule {

    /** Serves AdminService. */
    @Binds
    @IntoSet
    BindableService admin(AdminGrpcService service);

    /** Stops the grouping's refresh thread when llmg stops. */
    @Binds
    @IntoSet
    AutoCloseable stopRefresh(GroupingRefresh refresh);

    /** Has the grouping's refresh tick while the server runs. */
    @Binds
    @IntoSet
    RouteContributor refreshWhileServing(GroupingRefresh refresh);

    /**
     * Declares the provider and model administration another module binds; without one those methods answer
     * UNIMPLEMENTED.
     */
    @BindsOptionalOf
    CatalogAdministration catalogAdministration();
}
