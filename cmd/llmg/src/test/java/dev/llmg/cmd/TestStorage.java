package dev.llmg.cmd;

import java.util.regex.Pattern;

/**
 * Keeps the records of test gateways out of {@code ./data}: a configuration that says nothing of storage
 * records into one in-memory H2 database shared by the tests of the JVM, and spills under {@code target/}. One that
 * says nothing of {@code auth} runs keyless, as the shipped {@code config/config.yaml} does.
 */
public final class TestStorage {

    private static final Pattern STORAGE = Pattern.compile("(?m)^storage:");
    private static final Pattern TRACKING = Pattern.compile("(?m)^tracking:");
    private static final Pattern AUTH = Pattern.compile("(?m)^auth:");

    private TestStorage() {}

    /** Returns {@code yaml} with the tests' storage, spill directory and keyless mode added where it sets none. */
    public static String withDefaults(String yaml) {
        final StringBuilder config = new StringBuilder(yaml);
        if (!yaml.endsWith("\n")) {
            config.append('\n');
        }
        if (!STORAGE.matcher(yaml).find()) {
            config.append("storage: {url: \"jdbc:h2:mem:llmg-tests;DB_CLOSE_DELAY=-1\"}\n");
        }
        if (!TRACKING.matcher(yaml).find()) {
            config.append("tracking: {spill_dir: target/tracking-spill}\n");
        }
        if (!AUTH.matcher(yaml).find()) {
            config.append("auth: {required: false}\n"); // keyless, as config/config.yaml: tests of keys say auth:
        }
        return config.toString();
    }
}
