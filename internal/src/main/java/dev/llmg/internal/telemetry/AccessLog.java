package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallObserver;
import dev.llmg.internal.call.CallOutcome;
import dev.llmg.internal.call.CallRequest;
import io.opentelemetry.context.Scope;

/**
 * Writes one INFO line per call to the {@code llmg.access} logger when the call ends: the front door, the
 * request id, the caller (a key's fingerprint, never the key), the operation, the model asked for and the model
 * or group it was routed to, the provider and provider model that answered, the status (a gRPC code name),
 * the latency and the gateway's own overhead in milliseconds, the attempts, and the tokens when known. The
 * fields are SLF4J key-value pairs, which the text pattern writes as {@code key="value"} and the JSON encoder
 * as members of {@code kvpList}. No body and no header is ever logged.
 *
 * <p>The line is logged with the call's server span current, so that Logback's OpenTelemetry MDC appender
 * gives it the call's {@code trace_id} and {@code span_id}. A request its front door refused before it became
 * a call (a malformed body) gets no line: it is heard by no observer.
 */
final class AccessLog implements CallObserver {

    /** The name of the logger access lines are written to, which logback.xml may send elsewhere. */
    static final String LOGGER_NAME = "llmg.access";

    /** The most characters of the model the caller named that a line keeps (it is the caller's text). */
    private static final int MODEL_LIMIT = 128;

    private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

    private final Call call;
    private CallRequest request;

    AccessLog(Call call) {
        this.call = requireNonNull(call, "call");
    }

    @Override
    public void requested(CallRequest asked) {
        request = asked;
    }

    @Override
    public void ended(CallOutcome outcome) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        final long latencyNanos = System.nanoTime() - call.clock().startNanos();
        final GatewayMetadata gateway = outcome.gateway();
        final RoutingDecision routing = gateway.getRouting();
        final LoggingEventBuilder line = logger.atInfo().setMessage("call");
        line.addKeyValue("front_door", call.surface().label())
            .addKeyValue("request_id", call.requestId())
            .addKeyValue("caller", call.caller().id())
            .addKeyValue("operation", (request != null ? request.operation() : CallRequest.Operation.CHAT).label());
        if (request != null) {
            line.addKeyValue("requested_model", printable(request.model()));
        }
        addIfPresent(line, "model", routing.getModel());
        addIfPresent(line, "provider", gateway.getProvider());
        addIfPresent(line, "provider_model", gateway.getModel());
        line.addKeyValue("status", outcome.failure().map(TelemetryStatus::of).orElse(TelemetryStatus.OK))
            .addKeyValue("latency_ms", TimeUnit.NANOSECONDS.toMillis(latencyNanos))
            .addKeyValue("overhead_ms", Durations.toMillis(gateway.getOverhead()))
            .addKeyValue("attempts", routing.getAttemptsCount());
        outcome.usage().ifPresent(usage -> line.addKeyValue("input_tokens", usage.getInputTokens())
                                               .addKeyValue("output_tokens", usage.getOutputTokens()));
        // The call's work runs on event loops where no OpenTelemetry context is current: make its own current.
        try (Scope ignored = call.trace().server().makeCurrent()) {
            line.log();
        }
    }

    private static void addIfPresent(LoggingEventBuilder line, String key, String value) {
        if (!value.isEmpty()) {
            line.addKeyValue(key, value);
        }
    }

    /**
     * Returns {@code text} with what could forge or break a log line (control characters, line separators,
     * quotes, backslashes)
     * replaced by {@code ?}, and cut to {@link #MODEL_LIMIT} characters: the caller wrote it.
     */
    static String printable(String text) {
        int length = Math.min(text.length(), MODEL_LIMIT);
        if (length < text.length() && Character.isHighSurrogate(text.charAt(length - 1))) {
            length--; // not half a character
        }
        final StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            final char c = text.charAt(i);
            final int type = Character.getType(c);
            final boolean breaks = Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                                   || type == Character.PARAGRAPH_SEPARATOR || c == '"' || c == '\\';
            out.append(breaks ? '?' : c);
        }
        return length < text.length() ? out.append("...").toString() : out.toString();
    }
}
