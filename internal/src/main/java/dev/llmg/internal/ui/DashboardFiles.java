package dev.llmg.internal.ui;

import java.nio.file.Files;
import java.nio.file.Path;

import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.file.FileService;

/**
 * The dashboard's files, from the jar's {@code dev/llmg/ui}; or, when the environment variable
 * {@value #DIRECTORY_VARIABLE} names a directory, from that directory, read afresh on each request, so that
 * someone working on the pages sees an edit by reloading, without rebuilding the jar.
 */
final class DashboardFiles {

    /** The environment variable naming a directory to serve the files from instead of the jar. */
    static final String DIRECTORY_VARIABLE = "LLMG_UI_DIR";

    private static final String RESOURCES = "dev/llmg/ui";

    private DashboardFiles() {}

    /** Returns the service of the files, from {@value #DIRECTORY_VARIABLE} when it names a directory, else the jar. */
    static HttpService service() {
        final String directory = System.getenv(DIRECTORY_VARIABLE);
        if (directory != null && !directory.isBlank() && Files.isDirectory(Path.of(directory))) {
            return fromDirectory(Path.of(directory));
        }
        // Revalidated on each load (by ETag), so a new version of the gateway is never shown stale pages.
        return FileService.builder(DashboardFiles.class.getClassLoader(), RESOURCES)
                          .cacheControl(ServerCacheControl.REVALIDATED).build()
                          .decorate(DashboardHeaders::new);
    }

    /** Returns the service of the files in {@code directory}, read afresh on each request. */
    static HttpService fromDirectory(Path directory) {
        // No cache at all (maxCacheEntries(0)), rather than a cache of size 0: such a cache evicts an entry as
        // soon as it is put and releases its bytes while they are still being sent (a 500 on most loads).
        return FileService.builder(directory).maxCacheEntries(0).cacheControl(ServerCacheControl.DISABLED).build()
                          .decorate(DashboardHeaders::new);
    }
}
