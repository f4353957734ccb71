package dev.llmg.internal.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSection;

class ProviderKeyTest {

    private static final ConfigLoader LOADER = new ConfigLoader(Map.of("SET_KEY", "sk-1"));

    @Test
    void aResolvedKeyIsUsable() {
        final ProviderKey key = ProviderKey.read(provider("{api_key: 'env:SET_KEY'}"), true);
        assertThat(key.value()).isEqualTo("sk-1");
        assertThat(key.missing()).isEmpty();
    }

    @Test
    void aKeyNamingAnUnsetVariableSaysWhatToSet() {
        final ProviderKey key = ProviderKey.read(provider("{api_key: 'env:UNSET_KEY'}"), false);
        assertThat(key.missing()).hasValue("providers.p.api_key (env:UNSET_KEY) is empty: set it to use this provider");
    }

    @Test
    void anAbsentKeyIsFineOnlyWhereNoneIsRequired() {
        assertThat(ProviderKey.read(provider("{type: x}"), false).missing()).isEmpty();
        assertThat(ProviderKey.read(provider("{type: x}"), true).missing())
                .hasValue("providers.p.api_key is required, e.g. api_key: env:NAME");
    }

    private static ConfigSection provider(String yaml) {
        return LOADER.parse("providers: {p: " + yaml + "}").namedSections("providers").get("p");
    }
}
