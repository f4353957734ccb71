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

    /** Returns the service of the files, with the dashboard's security headers. */
    static HttpService service() {
        final String directory = System.getenv(DIRECTORY_VARIABLE);
        final FileService files;
        if (directory != null && !directory.isBlank() && Files.isDirectory(Path.of(directory))) {
            // "off", not "maximumSize=0": a cache of size 0 still holds an entry until Caffeine evicts it, and
            // evicting releases the file's buffer while other requests may be reading it (500s, refCnt: 0).
            files = FileService.builder(Path.of(directory)).entryCacheSpec("off")
                               .cacheControl(ServerCacheControl.DISABLED).build();
        } else {
            // Revalidated on each load (by ETag), so a new version of the gateway is never shown stale pages.
            files = FileService.builder(DashboardFiles.class.getClassLoader(), RESOURCES)
                               .cacheControl(ServerCacheControl.REVALIDATED).build();
        }
        return files.decorate(DashboardHeaders::new);
    }
}
