package dev.llmg.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Keys are recognisable, random, and stored only as a hash that names its function. */
class ApiKeysTest {

    @Test
    void generatedKeysHaveThePrefixEnoughRandomnessAndNeverRepeat() {
        final Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            final String key = ApiKeys.generate();
            assertThat(key).startsWith("llmg-").hasSize(48);
            assertThat(ApiKeys.looksIssued(key)).isTrue();
            keys.add(key);
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void theHashIsSha256InHexAndNeverHoldsTheKey() {
        final String key = ApiKeys.generate();
        final String hash = ApiKeys.hash(key);

        assertThat(hash).startsWith("sha256:").hasSize(71).doesNotContain(key.substring(5));
        assertThat(ApiKeys.isHash(hash)).isTrue();
        assertThat(ApiKeys.hash(key)).as("stable").isEqualTo(hash);
        assertThat(ApiKeys.hash("abc")).isEqualTo(
                "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // FIPS 180-2's example
        assertThat(ApiKeys.hint(hash)).hasSize(8).isEqualTo(hash.substring(7, 15));
    }

    @Test
    void shapesThatAreNotKeysOrHashesAreToldApart() {
        assertThat(ApiKeys.looksIssued("sk-proj-abc")).isFalse();
        assertThat(ApiKeys.looksIssued("llmg-short")).isFalse();
        assertThat(ApiKeys.looksIssued("llmg-" + "a".repeat(42) + "!")).isFalse();
        assertThat(ApiKeys.isHash("sha256:" + "A".repeat(64))).as("upper case").isFalse();
        assertThat(ApiKeys.isHash("sha1:" + "a".repeat(40))).isFalse();
        assertThat(ApiKeys.isHash("sha256:" + "a".repeat(63))).isFalse();
    }
}
