package dev.llmg.internal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;

/** A call's label sets are made once per combination, carry error.type only for failures, and stay bounded. */
class MetricLabelsTest {

    private final MetricLabels labels = new MetricLabels();

    @Test
    void aCombinationIsMadeOnceAndReused() {
        final MetricLabels.Labels first = labels.of(key("chat", "OK", "rest"));
        assertThat(labels.of(key("chat", "OK", "rest"))).isSameAs(first);
        assertThat(labels.of(key("chat", "OK", "grpc"))).isNotSameAs(first);
        assertThat(first.request().get(AttributeKey.stringKey("llmg.front_door"))).isEqualTo("rest");
        assertThat(first.request().get(AttributeKey.stringKey("llmg.status"))).isEqualTo("OK");
        assertThat(first.inputTokens().get(AttributeKey.stringKey("gen_ai.token.type"))).isEqualTo("input");
        assertThat(first.outputTokens().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    }

    @Test
    void onlyAFailedCallsDurationCarriesItsErrorType() {
        assertThat(labels.of(key("chat", "OK", "rest")).call().get(AttributeKey.stringKey("error.type"))).isNull();
        final MetricLabels.Labels failed = labels.of(key("chat", "UNAVAILABLE", "rest"));
        assertThat(failed.call().get(AttributeKey.stringKey("error.type"))).isEqualTo("UNAVAILABLE");
        assertThat(failed.answered().get(AttributeKey.stringKey("error.type"))).isNull();
    }

    @Test
    void aCallRefusedBeforeAnyAttemptHasNoProviderLabels() {
        final MetricLabels.Labels refused = labels.of(new MetricLabels.Key("chat", "_OTHER", null, null, null,
                                                                           "NOT_FOUND", "openai"));
        assertThat(refused.answered().get(AttributeKey.stringKey("gen_ai.provider.name"))).isNull();
        assertThat(refused.model().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("_OTHER");
    }

    @Test
    void manyCombinationsAreMadeButNotAllKept() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(labels.of(key("model-" + i, "OK", "rest"))).isNotNull();
        }
        assertThat(labels.of(key("model-9999", "OK", "rest"))).isNotSameAs(labels.of(key("model-9999", "OK", "rest")));
    }

    private static MetricLabels.Key key(String model, String status, String door) {
        return new MetricLabels.Key("chat", model, "openai", "openai-east", "gpt-4o-mini", status, door);
    }
}
