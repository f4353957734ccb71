package dev.llmg.cmd.hostile;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.linecorp.armeria.client.WebClient;

/**
 * Polls {@code /healthz} every 200 ms while a hostile request is in flight and notes each poll that took
 * longer than a second or failed: one caller's request must not make the gateway slow for the others.
 */
final class HealthWatch implements AutoCloseable {

    private final WebClient client;
    private final List<String> stalls = new CopyOnWriteArrayList<>();
    private final long start = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    private HealthWatch(URI gateway) {
        client = WebClient.builder(gateway).responseTimeoutMillis(1_000).build();
        thread = new Thread(this::poll, "health-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching {@code gateway}. */
    static HealthWatch start(URI gateway) {
        return new HealthWatch(gateway);
    }

    /** Returns the stalls seen, summed up in one line (e.g. "/healthz did not answer within 1 s at +1200 ms"). */
    List<String> stalls() {
        if (stalls.isEmpty()) {
            return List.of();
        }
        return List.of(stalls.get(0) + (stalls.size() == 1 ? "" : " (and " + (stalls.size() - 1) + " more stalls)"));
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll() {
        while (running) {
            final long at = (System.nanoTime() - start) / 1_000_000;
            try {
                final int status = client.get("/healthz").aggregate().join().status().code();
                if (status != 200) {
                    stalls.add("/healthz answered " + status + " at +" + at + " ms");
                }
            } catch (RuntimeException e) {
                stalls.add("/healthz did not answer within 1 s at +" + at + " ms");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
