package dev.llmg.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.llmg.internal.routing.config.BreakerSettings;
import dev.llmg.internal.routing.config.Capabilities;
import dev.llmg.internal.routing.config.ModelSettings;
import dev.llmg.internal.routing.config.Objective;
import dev.llmg.internal.routing.config.Prices;
import dev.llmg.internal.routing.config.RetryBudgetSettings;
import dev.llmg.internal.routing.config.RetrySettings;
import dev.llmg.internal.routing.config.RoutingSettings;
import dev.llmg.internal.routing.config.RuleSettings;
import dev.llmg.internal.routing.config.Strategy;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.config.StructuredPolicy;
import dev.llmg.internal.routing.config.TargetSettings;

/**
 * Binding {@code models} and {@code routing} into records: what a person who mistypes the configuration reads.
 * Every message names the key's full path and says what to write, in words, never in Jackson's.
 */
class ConfigBinderTest {

    private static final String GROUP = "{name: chat, targets: [{provider: p, model: m}]}";

    private static ModelSettings[] models(String yaml) {
        return new ConfigLoader(Map.of()).parse("models: " + yaml)
                                         .bind("models", ModelSettings[].class, new ModelSettings[0]);
    }

    private static RoutingSettings routing(String yaml) {
        return new ConfigLoader(Map.of()).parse("routing: " + yaml)
                                         .bind("routing", RoutingSettings.class, RoutingSettings.DEFAULT);
    }

    /** A group whose only target carries {@code targetKeys} (a YAML flow mapping's inside). */
    private static String targetWith(String targetKeys) {
        return "[{name: chat, targets: [{provider: p, model: m, " + targetKeys + "}]}]";
    }

    /** A group with one target and {@code modelKeys} (a YAML flow mapping's inside). */
    private static String groupWith(String modelKeys) {
        return "[{name: chat, targets: [{provider: p, model: m}], " + modelKeys + "}]";
    }

    // The two forms of a model

    @Test
    void theSingleTargetFormIsAGroupOfOneWhoseModelDefaultsToTheName() {
        final ModelSettings model = models("[{name: gpt-4o-mini, provider: openai}]")[0];

        assertThat(model.targets()).containsExactly(TargetSettings.of("openai", "gpt-4o-mini"));
        assertThat(model.strategy()).isEqualTo(Strategy.WEIGHTED);
        assertThat(model.fallbacks()).isEmpty();
        assertThat(model.retry()).isEqualTo(new RetrySettings(null, null, null));
        assertThat(model.attemptTimeout()).isNull();
    }

    @Test
    void theSingleTargetFormTakesTheProvidersOwnNameOfTheModel() {
        final ModelSettings model = models("[{name: fast, provider: openai, provider_model: gpt-4o-mini}]")[0];

        assertThat(model.targets()).containsExactly(TargetSettings.of("openai", "gpt-4o-mini"));
    }

    @Test
    void theGroupFormKeepsEveryTargetInOrderWithWhatItSays() {
        final ModelSettings model = models("""
                [{name: chat, strategy: least_latency, fallbacks: [backup, last], attempt_timeout: 250ms,
                  retry: {attempts: 2},
                  targets: [{provider: east, model: m, weight: 3, priority: 2, context_window: 1000,
                             max_output_tokens: 100, capabilities: {tools: false, images: true},
                             prices: {input: 1.5, output: 2, cached_input: 0.5}},
                            {provider: west, model: m}]}]""")[0];

        assertThat(model.strategy()).isEqualTo(Strategy.LEAST_LATENCY);
        assertThat(model.fallbacks()).containsExactly("backup", "last");
        assertThat(model.attemptTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(model.retry()).isEqualTo(new RetrySettings(2, null, null));
        assertThat(model.targets()).containsExactly(
                new TargetSettings("east", "m", 3, 2, 1000, 100, new Capabilities(false, null, true, null),
                                   new Prices(1.5, 2.0, 0.5)),
                TargetSettings.of("west", "m"));
    }

    @Test
    void structuredOutputIsAPolicyNameOrAMappingAndDefaultsToValidate() {
        final ModelSettings[] models = models("""
                [{name: a, provider: p}, {name: b, provider: p, structured_output: strict},
                 {name: c, provider: p, structured_output: {policy: retry, max_retries: 0}}]""");

        assertThat(models[0].structuredOutput()).isEqualTo(new StructuredOutputSettings(StructuredPolicy.VALIDATE, 2));
        assertThat(models[1].structuredOutput()).isEqualTo(new StructuredOutputSettings(StructuredPolicy.STRICT, 2));
        assertThat(models[2].structuredOutput()).isEqualTo(new StructuredOutputSettings(StructuredPolicy.RETRY, 0));
        assertThatThrownBy(() -> models("[{name: a, provider: p, structured_output: always}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("models[0].structured_output")
                .hasMessageContaining("unknown structured_output policy 'always'; expected one of validate, repair, "
                                      + "retry, strict");
        assertThatThrownBy(() -> models("[{name: a, provider: p, structured_output: {policy: retry, max_retries: 9}}]"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("structured_output.max_retries: must be between 0 and 5");
    }

    @Test
    void bothFormsAtOnceAreRefused() {
        assertThatThrownBy(() -> models("[{name: chat, provider: p, targets: [{provider: p, model: m}]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models[0]: give either provider (one target) or targets (a model group), not both");
    }

    @Test
    void neitherFormIsRefused() {
        assertThatThrownBy(() -> models("[" + GROUP + ", {name: lonely}]"))
                .hasMessage("models[1]: give either provider (one target) or targets (a model group)");
    }

    @Test
    void aProviderModelBesideTargetsIsRefused() {
        assertThatThrownBy(() -> models("[{name: chat, provider_model: x, targets: [{provider: p, model: m}]}]"))
                .hasMessage("models[0]: provider_model goes with provider; in a group each target has a model");
    }

    @Test
    void anEmptyGroupIsRefused() {
        assertThatThrownBy(() -> models("[{name: chat, targets: []}]"))
                .hasMessage("models[0].targets: must hold at least one target");
    }

    @Test
    void aModelNeedsAName() {
        assertThatThrownBy(() -> models("[{provider: p}]"))
                .hasMessage("models[0]: name is required: what callers put in \"model\"");
        assertThatThrownBy(() -> models("[{name: ' ', provider: p}]"))
                .hasMessage("models[0].name: is required: what callers put in \"model\"");
        assertThatThrownBy(() -> models("[{name: " + "n".repeat(257) + ", provider: p}]"))
                .hasMessage("models[0].name: must be at most 256 characters");
    }

    @Test
    void aTargetNeedsAProviderAndAModel() {
        assertThatThrownBy(() -> models("[{name: chat, targets: [{model: m}]}]"))
                .hasMessage("models[0].targets[0]: provider is required: the configured provider that serves it");
        assertThatThrownBy(() -> models("[{name: chat, targets: [{provider: p, model: m}, {provider: p}]}]"))
                .hasMessage("models[0].targets[1]: model is required: the provider's own name of the model");
    }

    @Test
    void aModelMustNotFallBackToItself() {
        assertThatThrownBy(() -> models(groupWith("fallbacks: [other, chat]")))
                .hasMessage("models[0].fallbacks: must not name the model itself");
    }

    // Unknown keys, at every depth

    @Test
    void aMistypedKeyInASecondTargetNamesItsFullPathAndTheKeysThatExist() {
        assertThatThrownBy(() -> models("[" + GROUP + ", {name: b, targets: [{provider: p, model: m, wieght: 3}]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models[1].targets[0].wieght: unknown key; expected one of [capabilities, "
                            + "context_window, max_output_tokens, model, prices, priority, provider, weight]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [{name: a, provider: p, wat: 1}]                                         | models[0].wat              | attempt_timeout, fallbacks, name, provider, provider_model, retry, strategy, structured_output, targets
            [{name: a, provider: p, weight: 3}]                                      | models[0].weight           | attempt_timeout, fallbacks, name, provider, provider_model, retry, strategy, structured_output, targets
            [{name: a, provider: p, retry: {backofff: 1s}}]                          | models[0].retry.backofff   | attempts, backoff, max_backoff
            [{name: a, targets: [{provider: p, model: m, capabilities: {vision: true}}]}] | models[0].targets[0].capabilities.vision | images, json_mode, json_schema, streaming, tools
            [{name: a, targets: [{provider: p, model: m, prices: {inptu: 1}}]}]      | models[0].targets[0].prices.inptu | cached_input, input, output
            """)
    void unknownKeysUnderModelsAreNamedByTheirPath(String yaml, String path, String known) {
        assertThatThrownBy(() -> models(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(path + ": unknown key; expected one of [" + known + ']');
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {atempt_timeout: 2s}                                    | routing.atempt_timeout               | attempt_timeout, breaker, retry, retry_budget, rules
            {retry: {tries: 2}}                                     | routing.retry.tries                  | attempts, backoff, max_backoff
            {retry_budget: {per_second: 2}}                         | routing.retry_budget.per_second      | min_per_second, ratio, window
            {breaker: {colldown: 1s}}                               | routing.breaker.colldown             | consecutive_failures, cool_down, failure_ratio, minimum_requests, window
            {rules: [{name: r, route_to: a}, {name: s, route_to: a, goal: cost}]} | routing.rules[1].goal  | name, objective, route_to, when
            {rules: [{name: r, route_to: a, when: {modle: x}}]}     | routing.rules[0].when.modle          | images, json_schema, max_prompt_tokens, metadata, min_prompt_tokens, model, streaming, tools
            """)
    void unknownKeysUnderRoutingAreNamedByTheirPath(String yaml, String path, String known) {
        assertThatThrownBy(() -> routing(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(path + ": unknown key; expected one of [" + known + ']');
    }

    // Wrong types: said in words, with what was written

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            weight: lots                         | models[0].targets[0].weight                   | must be a whole number, not 'lots'
            weight: 1.5                          | models[0].targets[0].weight                   | must be a whole number, not '1.5'
            weight: [1]                          | models[0].targets[0].weight                   | must be a whole number, not a list
            weight: 99999999999                  | models[0].targets[0].weight                   | must be a whole number between -2147483648 and 2147483647, not '99999999999'
            context_window: {a: 1}               | models[0].targets[0].context_window           | must be a whole number, not a mapping
            capabilities: {tools: maybe}         | models[0].targets[0].capabilities.tools       | must be true or false, not 'maybe'
            prices: {input: cheap}               | models[0].targets[0].prices.input             | must be a number, not 'cheap'
            prices: [1]                          | models[0].targets[0].prices                   | must be a mapping of keys to values, not a list
            capabilities: all                    | models[0].targets[0].capabilities             | must be a mapping of keys to values, not 'all'
            """)
    void wrongTypesInATargetAreSaidInWords(String keys, String path, String problem) {
        assertThatThrownBy(() -> models(targetWith(keys)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(path + ": " + problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            targets: 3                           | models[0].targets          | must be a list, not '3'
            targets: {provider: p}               | models[0].targets          | must be a list, not a mapping
            fallbacks: backup                    | models[0].fallbacks        | must be a list, not 'backup'
            name: [a]                            | models[0].name             | must be a single value, not a list
            provider_model: {x: 1}               | models[0].provider_model   | must be a single value, not a mapping
            strategy: [weighted]                 | models[0].strategy         | must be a single value, not a list
            retry: 3                             | models[0].retry            | must be a mapping of keys to values, not '3'
            """)
    void wrongTypesInAModelAreSaidInWords(String keys, String path, String problem) {
        assertThatThrownBy(() -> models("[{name: a, provider: p, " + keys + "}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(path + ": " + problem);
    }

    @Test
    void aListItemThatIsNotAMappingIsSaidInWords() {
        assertThatThrownBy(() -> models("[{name: a, targets: [{provider: p, model: m}, 3]}]"))
                .hasMessage("models[0].targets[1]: must be a mapping of keys to values, not '3'");
        assertThatThrownBy(() -> models("[" + GROUP + ", chat]"))
                .hasMessage("models[1]: must be a mapping of keys to values, not 'chat'");
        assertThatThrownBy(() -> models("{name: a}"))
                .hasMessage("models: must be a list, not a mapping");
        assertThatThrownBy(() -> routing("3"))
                .hasMessage("routing: must be a mapping of keys to values, not '3'");
    }

    @Test
    void wrongTypesInARuleAreSaidInWords() {
        assertThatThrownBy(() -> routing("{rules: [{name: r, route_to: a, when: {metadata: [tier]}}]}"))
                .hasMessage("routing.rules[0].when.metadata: must be a mapping of keys to values, not a list");
        assertThatThrownBy(() -> routing("{rules: [{name: r, route_to: a, when: {metadata: {tier: [a, b]}}}]}"))
                .hasMessage("routing.rules[0].when.metadata.tier: must be a single value, not a list");
        assertThatThrownBy(() -> routing("{rules: [{name: r, route_to: a, when: {min_prompt_tokens: many}}]}"))
                .hasMessage("routing.rules[0].when.min_prompt_tokens: must be a whole number, not 'many'");
        assertThatThrownBy(() -> routing("{rules: {name: r, route_to: a}}"))
                .hasMessage("routing.rules: must be a list, not a mapping");
    }

    @Test
    void noMessageQuotesJacksonOrAJavaType() {
        for (String yaml : List.of(targetWith("weight: 1.5"), targetWith("weight: 99999999999"),
                                   "[{name: a, targets: 3}]", "[{name: a, targets: [3]}]", "[3]",
                                   "[{name: a, provider: p, fallbacks: b}]", "[{name: {a: 1}, provider: p}]")) {
            assertThatThrownBy(() -> models(yaml)).as(yaml)
                    .isInstanceOf(ConfigException.class)
                    .message().doesNotContain("java.", "dev.llmg", "`", "Cannot ", "token", "Creator");
        }
    }

    @Test
    void anUnknownStrategyListsTheStrategies() {
        assertThatThrownBy(() -> models(groupWith("strategy: fastest")))
                .hasMessage("models[0].strategy: unknown strategy 'fastest'; expected one of round_robin, weighted, "
                            + "least_in_flight, least_latency, lowest_cost, priority");
    }

    @Test
    void everyStrategyIsReadByItsConfigName() {
        for (Strategy strategy : Strategy.values()) {
            assertThat(models(groupWith("strategy: " + strategy.configName()))[0].strategy()).isEqualTo(strategy);
        }
    }

    @Test
    void anUnknownObjectiveSaysWhichExist() {
        assertThatThrownBy(() -> routing("{rules: [{name: r, route_to: a, objective: speed}]}"))
                .hasMessage("routing.rules[0].objective: unknown objective 'speed'; expected cost or latency");
    }

    // Durations

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            soon                      | 'soon'
            -5s                       | '-5s'
            250                       | '250'
            5 parsecs                 | '5 parsecs'
            99999999999999999999ms    | '99999999999999999999ms'
            9999999999999999h         | '9999999999999999h'
            true                      | 'true'
            [1s]                      | a list
            {s: 1}                    | a mapping
            """)
    void aBadDurationSaysHowToWriteOne(String written, String said) {
        assertThatThrownBy(() -> models(groupWith("attempt_timeout: " + written)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("models[0].attempt_timeout: must be a duration such as 250ms, 2s, 1m or PT1.5S, not "
                            + said);
    }

    @ParameterizedTest
    @CsvSource({ "250ms, PT0.25S", "2s, PT2S", "1m, PT1M", "1h, PT1H", "PT1.5S, PT1.5S", "' 3 s ', PT3S" })
    void durationsAreReadAsEverywhereInTheConfiguration(String written, String expected) {
        assertThat(models(groupWith("attempt_timeout: '" + written + "'"))[0].attemptTimeout())
                .isEqualTo(Duration.parse(expected));
    }

    @Test
    void aBadDurationDeepInRoutingNamesItsPath() {
        assertThatThrownBy(() -> routing("{breaker: {cool_down: later}}"))
                .hasMessage("routing.breaker.cool_down: must be a duration such as 250ms, 2s, 1m or PT1.5S, not 'later'");
    }

    // What the records refuse, by the key at fault

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            weight: -1                | models[0].targets[0].weight: must be between 0 and 1000000, not -1
            weight: 1000001           | models[0].targets[0].weight: must be between 0 and 1000000, not 1000001
            context_window: 0         | models[0].targets[0].context_window: must be at least 1 token
            max_output_tokens: 0      | models[0].targets[0].max_output_tokens: must be at least 1 token
            prices: {output: -1}      | models[0].targets[0].prices.output: must be zero or more dollars per million tokens, not -1.0
            """)
    void aTargetsBadNumberIsNamedByItsKey(String keys, String message) {
        assertThatThrownBy(() -> models(targetWith(keys))).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {retry: {attempts: 0}}                            | routing.retry.attempts: must be between 1 and 10, not 0
            {retry: {attempts: 11}}                           | routing.retry.attempts: must be between 1 and 10, not 11
            {retry: {backoff: 2s, max_backoff: 1s}}           | routing.retry: backoff (PT2S) must not be longer than max_backoff (PT1S)
            {retry_budget: {ratio: -0.1}}                     | routing.retry_budget.ratio: must be between 0 and 10, not -0.1
            {retry_budget: {ratio: 11}}                       | routing.retry_budget.ratio: must be between 0 and 10, not 11.0
            {retry_budget: {window: 0s}}                      | routing.retry_budget.window: must be longer than 0s and at most 10m
            {retry_budget: {window: 11m}}                     | routing.retry_budget.window: must be longer than 0s and at most 10m
            {retry_budget: {min_per_second: -1}}              | routing.retry_budget.min_per_second: must not be negative
            {breaker: {failure_ratio: 0}}                     | routing.breaker.failure_ratio: must be more than 0 and at most 1, not 0.0
            {breaker: {failure_ratio: 1.5}}                   | routing.breaker.failure_ratio: must be more than 0 and at most 1, not 1.5
            {breaker: {minimum_requests: 0}}                  | routing.breaker.minimum_requests: must be at least 1
            {breaker: {window: 0s}}                           | routing.breaker.window: must be longer than 0s
            {breaker: {consecutive_failures: -1}}             | routing.breaker.consecutive_failures: must not be negative (0 turns it off)
            {breaker: {cool_down: 0ms}}                       | routing.breaker.cool_down: must be longer than 0s
            {rules: [{route_to: a}]}                          | routing.rules[0]: name is required: the decision and logs name the rule
            {rules: [{name: r, route_to: ' '}]}               | routing.rules[0].route_to: is required: the model or group the rule sends to
            {rules: [{name: r}]}                              | routing.rules[0]: route_to is required: the model or group the rule sends to
            {rules: [{name: r, route_to: a, when: {min_prompt_tokens: 10, max_prompt_tokens: 5}}]} | routing.rules[0].when.min_prompt_tokens: must not be more than max_prompt_tokens
            """)
    void aBadRoutingSettingIsNamedByItsKey(String yaml, String message) {
        assertThatThrownBy(() -> routing(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    // Defaults

    @Test
    void anAbsentRoutingSectionIsEveryDefault() {
        final RoutingSettings settings = routing("{}");

        assertThat(settings).isEqualTo(RoutingSettings.DEFAULT);
        assertThat(settings.retry()).isEqualTo(new RetrySettings(3, Duration.ofMillis(200), Duration.ofSeconds(5)));
        assertThat(settings.retryBudget()).isEqualTo(new RetryBudgetSettings(0.2, Duration.ofSeconds(10), 1));
        assertThat(settings.breaker()).isEqualTo(new BreakerSettings(0.5, 10, Duration.ofSeconds(10), 5,
                                                                     Duration.ofSeconds(10)));
        assertThat(settings.attemptTimeout()).isZero();
        assertThat(settings.rules()).isEmpty();
    }

    @Test
    void aPartialSectionKeepsTheDefaultsOfWhatItLeavesOut() {
        final RoutingSettings settings = routing("""
                {retry: {attempts: 5}, retry_budget: {ratio: 0.5}, breaker: {consecutive_failures: 0},
                 attempt_timeout: 30s}""");

        assertThat(settings.retry()).isEqualTo(new RetrySettings(5, Duration.ofMillis(200), Duration.ofSeconds(5)));
        assertThat(settings.retryBudget()).isEqualTo(new RetryBudgetSettings(0.5, Duration.ofSeconds(10), 1));
        assertThat(settings.breaker()).isEqualTo(new BreakerSettings(0.5, 10, Duration.ofSeconds(10), 0,
                                                                     Duration.ofSeconds(10)));
        assertThat(settings.attemptTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRuleWithoutConditionsAppliesToEverythingAndReadsItsConditions() {
        final List<RuleSettings> rules = routing("""
                {rules: [{name: all, route_to: a},
                         {name: premium, route_to: b, objective: cost,
                          when: {model: chat, tools: true, json_schema: false, images: true, streaming: false,
                                 min_prompt_tokens: 10, max_prompt_tokens: 20, metadata: {tier: premium}}}]}""")
                .rules();

        assertThat(rules.get(0).when().model()).isNull();
        assertThat(rules.get(0).when().metadata()).isEmpty();
        assertThat(rules.get(0).objective()).isNull();
        assertThat(rules.get(1).objective()).isEqualTo(Objective.COST);
        assertThat(rules.get(1).when()).satisfies(when -> {
            assertThat(when.model()).isEqualTo("chat");
            assertThat(when.tools()).isTrue();
            assertThat(when.jsonSchema()).isFalse();
            assertThat(when.images()).isTrue();
            assertThat(when.streaming()).isFalse();
            assertThat(when.minPromptTokens()).isEqualTo(10);
            assertThat(when.maxPromptTokens()).isEqualTo(20);
            assertThat(when.metadata()).containsExactly(Map.entry("tier", "premium"));
        });
    }

    @Test
    void aModelsRetryKeepsUnsetWhatTheRoutingDefaultFillsIn() {
        final RetrySettings own = models(groupWith("retry: {backoff: 1s}"))[0].retry();

        assertThat(own).isEqualTo(new RetrySettings(null, Duration.ofSeconds(1), null));
        assertThat(own.orElse(RetrySettings.DEFAULT)).isEqualTo(new RetrySettings(3, Duration.ofSeconds(1),
                                                                                  Duration.ofSeconds(5)));
    }

    @Test
    void capabilitiesAndPricesFillInOnlyWhatIsUnset() {
        assertThat(new Capabilities(false, null, null, true).orElse(new Capabilities(true, false, true, false)))
                .isEqualTo(new Capabilities(false, false, true, true));
        assertThat(new Prices(1.0, null, null).orElse(new Prices(5.0, 6.0, null)))
                .isEqualTo(new Prices(1.0, 6.0, null));
        assertThat(new Prices(1.0, null, null).known()).isFalse();
        assertThat(new Prices(1.0, 0.0, null).known()).isTrue();
    }
}
