package dev.llmg.internal.ui;

import javax.inject.Inject;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;

import dev.llmg.internal.server.RouteContributor;

/**
 * Serves the dashboard's files under {@code /ui/}, and sends {@code /ui} there, so that the pages' relative
 * module paths resolve under {@code /ui/}. The files are static and hold no data: they are open without a key
 * (the page asks for one), and every figure they show comes from the API, which checks that key.
 */
final class DashboardRoute implements RouteContributor {

    /** Where the dashboard is served. */
    static final String PATH = "/ui/";

    @Inject
    DashboardRoute() {}

    @Override
    public void addTo(ServerBuilder sb) {
        sb.service("/ui", (ctx, req) -> HttpResponse.ofRedirect(HttpStatus.MOVED_PERMANENTLY, PATH));
        sb.serviceUnder(PATH, DashboardFiles.service());
    }
}
