package dev.llmg.internal.providers.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.common.Flags;

import dev.llmg.internal.config.ConfigSection;

/**
 * Bounds the waits of calls to one provider.
 *
 * @param connect the longest wait for a connection
 * @param firstByte the longest wait for a stream's response headers and first bytes
 * @param response the longest wait for a whole unary answer, and the longest silence within a stream
 * @param total the longest a stream may run in all; zero for no limit (a model's answer has its own end)
 */
public record UpstreamTimeouts(Duration connect, Duration firstByte, Duration response, Duration total) {

    /** Checks that no wait is negative. */
    public UpstreamTimeouts {
        for (Duration d : new Duration[] { requireNonNull(connect, "connect"), requireNonNull(firstByte, "firstByte"),
                                           requireNonNull(response, "response"), requireNonNull(total, "total") }) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("timeouts must not be negative: " + d);
            }
        }
    }

    /** Returns timeouts where the response timeout also bounds the first byte, with a 10s connect timeout. */
    public static UpstreamTimeouts of(Duration response) {
        return new UpstreamTimeouts(Duration.ofSeconds(10), response, response, Duration.ZERO);
    }

    /**
     * Reads {@code connect_timeout} (default 10s), {@code response_timeout} (default {@code defaultResponse}),
     * {@code first_byte_timeout} (default: the response timeout) and {@code total_timeout} (default 0s: none).
     */
    public static UpstreamTimeouts fromConfig(ConfigSection section, Duration defaultResponse) {
        final Duration response = section.duration("response_timeout", defaultResponse);
        return new UpstreamTimeouts(section.duration("connect_timeout", Duration.ofSeconds(10)),
                                    section.duration("first_byte_timeout", response), response,
                                    section.duration("total_timeout", Duration.ZERO));
    }

    /**
     * Creates the connections of one provider: this connect timeout, and a connection per event loop.
     *
     * <p>Armeria's default keeps one event loop, so one HTTP/2 connection, per upstream host: under load
     * every upstream request and answer then queues on that single thread. The benchmark ({@code hack/bench})
     * showed it as the gateway's added p99; with a connection per event loop the work spreads over all cores.
     */
    public ClientFactory clientFactory() {
        final int loops = Flags.numCommonWorkers();
        return ClientFactory.builder().connectTimeout(connect)
                            .maxNumEventLoopsPerEndpoint(loops)
                            .maxNumEventLoopsPerHttp1Endpoint(loops)
                            .build();
    }
}
