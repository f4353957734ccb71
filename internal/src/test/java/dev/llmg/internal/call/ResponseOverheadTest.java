package dev.llmg.internal.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseOverheadTest {

    @Test
    void overheadIsMillisecondsWithThreeDecimals() {
        assertThat(ResponseOverhead.millis(0)).isEqualTo("0.000");
        assertThat(ResponseOverhead.millis(42)).isEqualTo("0.042");
        assertThat(ResponseOverhead.millis(1_305)).isEqualTo("1.305");
        assertThat(ResponseOverhead.millis(250_070)).isEqualTo("250.070");
        assertThat(ResponseOverhead.millis(-5)).isEqualTo("0.000");
    }
}
