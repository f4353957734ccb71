package dev.llmg.internal.routing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.linecorp.armeria.common.CommonPools;

import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.server.ServerSettings;

/**
 * Closes providers' connections when nothing needs them any more: those a reload replaced, once the calls that
 * started with them have had {@code server.request_timeout} to end, and every provider at shutdown, after
 * the server has drained its calls.
 */
@Singleton
public final class ProviderRetirement implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ProviderRetirement.class);

    private final Duration grace;
    private final LiveRoutingTable live;
    private final List<ConfiguredProvider> retired = new ArrayList<>();

    @Inject
    ProviderRetirement(ServerSettings server, LiveRoutingTable live) {
        grace = server.requestTimeout();
        this.live = requireNonNull(live, "live");
    }

    /** Closes {@code providers} once calls in flight have had time to end (or at shutdown, if sooner). */
    synchronized void retire(List<ConfiguredProvider> providers) {
        retired.addAll(providers);
        if (!grace.isZero()) {
            CommonPools.blockingTaskExecutor().schedule(() -> closeNow(providers), grace.toMillis(),
                                                        TimeUnit.MILLISECONDS);
        }
    }

    /** Closes {@code providers} now. */
    void closeNow(List<ConfiguredProvider> providers) {
        for (ConfiguredProvider provider : providers) {
            synchronized (this) {
                if (!retired.remove(provider) && live.current().providers().all().containsValue(provider)) {
                    continue; // in use again: never close a provider the routing table holds
                }
            }
            close(provider);
        }
    }

    /** Closes every provider, in use or retired: at shutdown, once the server has drained. */
    @Override
    public synchronized void close() {
        live.current().providers().all().values().forEach(ProviderRetirement::close);
        retired.forEach(ProviderRetirement::close);
        retired.clear();
    }

    private static void close(ConfiguredProvider provider) {
        try {
            provider.close();
        } catch (Exception e) {
            logger.warn("Closing provider '{}' failed", provider.name(), e);
        }
    }
}
