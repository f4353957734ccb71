package dev.llmg.internal.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Well-formed Unicode: surrogates only in pairs. */
class UnicodeTextTest {

    @Test
    void pairsAreWellFormedAndLoneSurrogatesAreNot() {
        assertThat(UnicodeText.isWellFormed("")).isTrue();
        assertThat(UnicodeText.isWellFormed("plain ascii, h\u00e9llo, \u4f60\u597d")).isTrue();
        assertThat(UnicodeText.isWellFormed("\ud83d\ude00 and \ud83d\ude00")).isTrue();
        assertThat(UnicodeText.isWellFormed("\ud800")).isFalse();
        assertThat(UnicodeText.isWellFormed("a\ud800b")).isFalse();
        assertThat(UnicodeText.isWellFormed("\ude00\ud83d")).isFalse();
        assertThat(UnicodeText.isWellFormed("\ud83d\ud83d\ude00")).isFalse();
        assertThat(UnicodeText.isWellFormed("end \ud83d")).isFalse();
    }
}
