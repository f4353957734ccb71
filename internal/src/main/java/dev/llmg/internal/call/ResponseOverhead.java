package dev.llmg.internal.call;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.util.Durations;
import com.linecorp.armeria.server.ServiceRequestContext;

/**
 * Tells an HTTP caller the gateway's own time on its call in {@value #HEADER} (milliseconds, three decimals):
 * a response header when the call ended before its headers left (a unary answer, an error), and a trailer
 * too, which is all a stream can carry (gRPC shows trailers; most HTTP/1.1 clients drop them).
 */
final class ResponseOverhead implements CallObserver {

    static final String HEADER = "x-llmg-overhead-ms";

    private final ServiceRequestContext ctx;

    ResponseOverhead(ServiceRequestContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx");
    }

    @Override
    public void ended(CallOutcome outcome) {
        final String millis = millis(Durations.toMicros(outcome.gateway().getOverhead()));
        ctx.setAdditionalResponseHeader(HEADER, millis);
        ctx.setAdditionalResponseTrailer(HEADER, millis);
    }

    /** Returns {@code micros} as milliseconds with three decimals, e.g. {@code 0.042}, without a formatter. */
    static String millis(long micros) {
        final long fraction = Math.max(0, micros) % 1000;
        final String digits = Long.toString(fraction);
        return Math.max(0, micros) / 1000 + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + digits;
    }
}
