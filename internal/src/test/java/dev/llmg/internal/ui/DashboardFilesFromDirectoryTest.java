package dev.llmg.internal.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.server.Server;

/**
 * The dashboard served from a folder ({@code LLMG_UI_DIR}), for someone editing the pages: every file is read
 * afresh, so an edit shows on the next load, and many loads at once all succeed (a file cache of size 0 once
 * released a file's bytes while they were being sent, failing most loads with a 500).
 */
@Timeout(30)
class DashboardFilesFromDirectoryTest {

    @TempDir
    Path folder;

    @Test
    void servesEditsAtOnceAndManyLoadsAtOnce() throws Exception {
        Files.writeString(folder.resolve("index.html"), "<!doctype html><p>first</p>");
        Files.writeString(folder.resolve("app.js"), "export const version = 1;\n".repeat(2000));
        final Server server = Server.builder().http(0)
                                    .serviceUnder("/ui/", DashboardFiles.fromDirectory(folder)).build();
        server.start().join();
        try {
            final WebClient client = WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
            assertThat(client.get("/ui/").aggregate().join().contentUtf8()).contains("first");

            final List<CompletableFuture<AggregatedHttpResponse>> loads =
                    IntStream.range(0, 64).mapToObj(i -> client.get(i % 2 == 0 ? "/ui/app.js" : "/ui/")
                                                                .aggregate()).toList();
            for (CompletableFuture<AggregatedHttpResponse> load : loads) {
                final AggregatedHttpResponse response = load.join();
                assertThat(response.status().code()).isEqualTo(200);
                assertThat(response.headers().get("content-security-policy")).contains("script-src 'self'");
            }

            Files.writeString(folder.resolve("index.html"), "<!doctype html><p>edited</p>");
            assertThat(client.get("/ui/").aggregate().join().contentUtf8()).contains("edited");
        } finally {
            server.stop().join();
        }
    }
}
