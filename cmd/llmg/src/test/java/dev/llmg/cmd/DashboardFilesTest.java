package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;

/**
 * The dashboard's files at {@code /ui}: served from the jar without a key even where keys are required (they
 * hold no data; the API calls they make carry the key), with a Content-Security-Policy that lets only this
 * origin's scripts run, and the vendored chart library with its licence. The pages themselves are tested in a
 * real browser (hack/e2e/ui-*.test.mjs).
 */
@Timeout(60)
class DashboardFilesTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY + "auth: {required: true}\n");

    private final WebClient client = WebClient.of(gateway.httpUri());

    @Test
    void theBarePathLeadsToTheDashboardsFolder() {
        final AggregatedHttpResponse response = client.get("/ui").aggregate().join();
        assertThat(response.status().code()).isEqualTo(301);
        assertThat(response.headers().get("location")).isEqualTo("/ui/");
    }

    @Test
    void theIndexIsServedWithoutAKeyUnderAStrictPolicy() {
        final AggregatedHttpResponse response = client.get("/ui/").aggregate().join();
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentType().toString()).startsWith("text/html");
        assertThat(response.contentUtf8()).contains("<script type=\"module\" src=\"app.js\">");
        assertThat(response.headers().get("content-security-policy"))
                .contains("script-src 'self'").contains("connect-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(response.headers().get("x-content-type-options")).isEqualTo("nosniff");
    }

    @Test
    void modulesAndTheVendoredChartLibraryAreServedWithItsLicence() {
        final AggregatedHttpResponse app = client.get("/ui/app.js").aggregate().join();
        assertThat(app.status().code()).isEqualTo(200);
        assertThat(app.contentType().toString()).contains("javascript");
        assertThat(client.get("/ui/vendor/uplot/uPlot.esm.js").aggregate().join().status().code()).isEqualTo(200);
        assertThat(client.get("/ui/vendor/uplot/LICENSE").aggregate().join().contentUtf8()).contains("MIT");
    }

    @Test
    void theApiStillNeedsTheKey() {
        assertThat(client.get("/api/v1/inferences").aggregate().join().status().code()).isEqualTo(401);
        assertThat(client.get("/ui/no-such-file.js").aggregate().join().status().code()).isEqualTo(404);
    }
}
