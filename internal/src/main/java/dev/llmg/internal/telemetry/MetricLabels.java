package dev.llmg.internal.telemetry;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The attribute sets a call's metrics are recorded with, made once per combination of labels and then reused:
 * building and sorting attribute sets was most of what measuring a call cost (JMH {@code TracingBenchmark}).
 * Every label is a configured name or a small fixed set (front doors, status codes), so the combinations are
 * few; past {@value #MAX_CACHED} of them, sets are made per call rather than kept.
 */
final class MetricLabels {

    private static final int MAX_CACHED = 4096;

    /**
     * What a call's labels depend on.
     *
     * @param operation the GenAI operation, e.g. {@code chat}
     * @param model the model or group the call was routed to, or {@code _OTHER}
     * @param providerName the conventions' provider name of who answered (or was tried last); null when none was
     * @param provider the configured provider; null when none was tried
     * @param responseModel the provider's model; null when none was tried
     * @param status the gRPC code name of the outcome, {@code OK} when it answered
     * @param frontDoor the front door's label
     */
    record Key(String operation, String model, String providerName, String provider, String responseModel,
               String status, String frontDoor) {}

    /**
     * The sets of one combination.
     *
     * @param call the GenAI attributes of the call, with {@code error.type} when it failed (duration)
     * @param answered the GenAI attributes without the outcome (chunk timings, cost)
     * @param inputTokens {@link #answered} with {@code gen_ai.token.type=input}
     * @param outputTokens {@link #answered} with {@code gen_ai.token.type=output}
     * @param request {@link #answered} with the front door and status (requests)
     * @param model the routed model alone (retries, fallbacks)
     * @param frontDoor the front door alone (overhead)
     */
    record Labels(Attributes call, Attributes answered, Attributes inputTokens, Attributes outputTokens,
                  Attributes request, Attributes model, Attributes frontDoor) {}

    private final ConcurrentHashMap<Key, Labels> cache = new ConcurrentHashMap<>();

    /** Returns the sets of {@code key}. */
    Labels of(Key key) {
        requireNonNull(key, "key");
        final Labels cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        final Labels made = make(key);
        if (cache.size() < MAX_CACHED) {
            cache.putIfAbsent(key, made);
        }
        return made;
    }

    private static Labels make(Key key) {
        final AttributesBuilder genAi = Attributes.builder().put(GenAi.OPERATION_NAME, key.operation())
                                                  .put(GenAi.REQUEST_MODEL, key.model());
        if (key.provider() != null) {
            genAi.put(GenAi.PROVIDER_NAME, key.providerName()).put(GenAi.PROVIDER, key.provider())
                 .put(GenAi.RESPONSE_MODEL, key.responseModel());
        }
        final Attributes answered = genAi.build();
        final Attributes call = TelemetryStatus.OK.equals(key.status())
                                ? answered : answered.toBuilder().put(GenAi.ERROR_TYPE, key.status()).build();
        return new Labels(call, answered,
                          answered.toBuilder().put(GenAi.TOKEN_TYPE, "input").build(),
                          answered.toBuilder().put(GenAi.TOKEN_TYPE, "output").build(),
                          answered.toBuilder().put(GenAi.FRONT_DOOR, key.frontDoor()).put(GenAi.STATUS, key.status())
                                  .build(),
                          Attributes.of(GenAi.REQUEST_MODEL, key.model()),
                          Attributes.of(GenAi.FRONT_DOOR, key.frontDoor()));
    }
}
