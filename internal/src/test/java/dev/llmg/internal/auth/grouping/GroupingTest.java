package dev.llmg.internal.auth.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.llmg.internal.auth.ApiKeys;
import dev.llmg.internal.config.ConfigBinder;
import dev.llmg.internal.config.ConfigException;

/**
 * The grouping as it will be written under {@code tenants:}: each endpoint takes the nearest upstream, allowlist
 * and tags walking up; keys lead to their endpoint through their hash only; mistakes name their path.
 */
class GroupingTest {

    private static final String INDEXER_KEY = ApiKeys.generate();
    private static final String SEARCH_UI_KEY = ApiKeys.generate();
    private static final String BILLING_KEY = ApiKeys.generate();
    private static final Map<String, String> ENVIRONMENT = Map.of("LLMG_INDEXER_KEY", INDEXER_KEY);

    private static final String TENANTS = """
            - name: acme
              upstream: chat
              models: [chat, chat-cheap, embed]
              parameters: {temperature: 0.2, max_tokens: 512}
              tags: {owner: acme, tier: gold}
              teams:
                - name: search
                  tags: {tier: silver}
                  groups:
                    - name: backend
                      upstream: chat-cheap
                      groups:
                        - name: batch
                          models: [chat-cheap]
                          parameters: {max_tokens: 64, seed: 7}
                          endpoints:
                            - {name: indexer, alias: idx, keys: ["env:LLMG_INDEXER_KEY"]}
                    - name: frontend
                      endpoints:
                        - {name: ui, upstream: chat, tags: {tier: bronze}, keys: [%s]}
                - name: billing
                  groups:
                    - name: all
                      endpoints:
                        - {name: invoices, keys: [%s]}
            """.formatted(ApiKeys.hash(SEARCH_UI_KEY), ApiKeys.hash(BILLING_KEY));

    @Test
    void eachEndpointTakesTheNearestUpstreamAllowlistAndTags() {
        final Grouping grouping = grouping(TENANTS);

        final Endpoint indexer = grouping.endpointOf(INDEXER_KEY).orElseThrow();
        assertThat(indexer.path()).isEqualTo("acme/search/backend/batch/indexer");
        assertThat(indexer.alias()).isEqualTo("idx");
        assertThat(indexer.upstream()).as("from its group, not the tenant").isEqualTo("chat-cheap");
        assertThat(indexer.models()).as("its inner group's list").containsExactly("chat-cheap");
        assertThat(indexer.allows("chat")).isFalse();
        assertThat(indexer.tags()).isEqualTo(Map.of("owner", "acme", "tier", "silver"));
        assertThat(indexer.parameters()).as("the nearest level's, parameter by parameter")
                                        .isEqualTo(new DefaultParameters(0.2, null, 64, 7L, null, null));

        final Endpoint ui = grouping.endpointOf(SEARCH_UI_KEY).orElseThrow();
        assertThat(ui.upstream()).as("its own").isEqualTo("chat");
        assertThat(ui.models()).as("the tenant's list").containsExactly("chat", "chat-cheap", "embed");
        assertThat(ui.tags()).containsEntry("tier", "bronze");
        assertThat(ui.modelFor("")).isEqualTo("chat");
        assertThat(ui.modelFor("embed")).isEqualTo("embed");

        final Endpoint invoices = grouping.endpointOf(BILLING_KEY).orElseThrow();
        assertThat(invoices.upstream()).isEqualTo("chat");
        assertThat(invoices.team()).isEqualTo("billing");

        assertThat(grouping.endpointOf(ApiKeys.generate())).isEmpty();
        assertThat(grouping.endpointOf(ApiKeys.hash(BILLING_KEY))).as("a hash is not a key").isEmpty();
        assertThat(grouping.endpoints()).hasSize(3);
        assertThat(grouping.modelsNamed()).containsExactlyInAnyOrder("chat", "chat-cheap", "embed");
    }

    @Test
    void aKeyWrittenLiterallyIsRefusedSoThatNoConfigFileHoldsOne() {
        assertThatThrownBy(() -> grouping("""
                - name: acme
                  teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["%s"]}]}]}]
                """.formatted(ApiKeys.generate())))
                .hasMessageStartingWith("tenants[0].teams[0].groups[0].endpoints[0].keys[0]: write the key's hash")
                .hasMessageNotContaining("llmg-");
    }

    @Test
    void mistakesNameTheirPath() {
        assertThatThrownBy(() -> grouping("[{name: a}, {name: a}]"))
                .hasMessage("tenants[1].name: 'a' is already the name of another one here");
        assertThatThrownBy(() -> grouping("""
                - name: acme
                  teams: [{name: t, groups: [{name: g, endpoints: [
                    {name: e, keys: [%1$s]}, {name: f, keys: [%1$s]}]}]}]
                """.formatted(ApiKeys.hash("same"))))
                .hasMessageContaining("tenants[0].teams[0].groups[0].endpoints[1].keys[0]: the same key as "
                                      + "tenants[0].teams[0].groups[0].endpoints[0].keys[0]");
        assertThatThrownBy(() -> grouping("""
                - name: acme
                  teams: [{name: t, groups: [{name: g, endpoints: [{name: e}]}]}]
                """)).hasMessageContaining("endpoints[0].keys: must hold at least one key");
        assertThatThrownBy(() -> grouping("[{name: 'a b'}]")).isInstanceOf(ConfigException.class)
                                                             .hasMessageContaining("tenants[0]");
    }

    @Test
    void anUnsetKeyReferenceAddsNoKey() {
        final Grouping grouping = grouping("""
                - name: acme
                  teams: [{name: t, groups: [{name: g, endpoints: [{name: e, keys: ["env:UNSET"]}]}]}]
                """);
        assertThat(grouping.endpoint("acme/t/g/e")).isPresent();
        assertThat(grouping.endpointOf("")).isEmpty();
    }

    @Test
    void anEmptyGroupingFindsNobody() {
        assertThat(Grouping.empty().endpointOf(INDEXER_KEY)).isEmpty();
        assertThat(Grouping.of(List.of(), "tenants", (path, reference) -> "").endpoints()).isEmpty();
    }

    private static Grouping grouping(String yaml) {
        final JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        final TenantSettings[] tenants = ConfigBinder.bind(tree, "tenants", TenantSettings[].class);
        return Grouping.of(List.of(tenants), "tenants",
                           (path, reference) -> ENVIRONMENT.getOrDefault(reference.substring("env:".length()), ""));
    }
}
