package dev.llmg.internal.routing;

import static dev.llmg.internal.routing.TestRouting.embeddings;
import static dev.llmg.internal.routing.TestRouting.request;
import static dev.llmg.internal.routing.TestRouting.withImage;
import static dev.llmg.internal.routing.TestRouting.withJsonSchema;
import static dev.llmg.internal.routing.TestRouting.withPromptTokens;
import static dev.llmg.internal.routing.TestRouting.withTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.SkippedTarget;
import dev.llmg.internal.call.Caller;
import dev.llmg.internal.routing.balance.Balancers;
import dev.llmg.internal.routing.health.TargetHealth;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.EmbeddingProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Planning over a routing table: which rule applies, which targets are skipped and why, the order of the
 * rest and of the fallbacks, and what a caller hears when nothing can serve the request.
 */
class GroupRouterTest {

    private RoutingTable table;
    private GroupRouter router;

    private void configure(String yaml) {
        table = TestRouting.table(yaml);
        router = new GroupRouter(new LiveRoutingTable(table), new Balancers());
    }

    private RoutePlan<ChatProvider> plan(ChatRequest.Builder request) {
        return router.plan(request.build(), Caller.anonymous(), false);
    }

    private RoutePlan<ChatProvider> planStreamed(ChatRequest.Builder request) {
        return router.plan(request.build(), Caller.anonymous(), true);
    }

    private GatewayException refusal(ChatRequest.Builder request) {
        return catchThrowableOfType(GatewayException.class, () -> plan(request));
    }

    private static List<String> order(RoutePlan<?> plan) {
        return plan.candidates().stream().map(candidate -> candidate.target().toString()).toList();
    }

    private static List<String> skips(RoutePlan<?> plan) {
        return plan.skipped().stream().map(GroupRouterTest::skip).toList();
    }

    private static String skip(SkippedTarget skipped) {
        return skipped.getTarget().getProvider() + '/' + skipped.getTarget().getModel() + ' ' + skipped.getReason();
    }

    private TargetHealth health(String model, int target) {
        return table.find(model).orElseThrow().targets().get(target).health();
    }

    private static void open(TargetHealth health) {
        for (int i = 0; i < 5; i++) { // the default breaker opens after 5 failures in a row
            health.attemptStarted(true);
            health.attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        }
        assertThat(health.isOpen()).isTrue();
    }

    // Order and fallbacks

    @Test
    void aGroupsTargetsComeInItsStrategysOrderThenEachFallbacksInTurn() {
        configure("""
                models:
                  - {name: chat, strategy: priority, fallbacks: [second, third],
                     targets: [{provider: a, model: m, priority: 2}, {provider: b, model: m, priority: 1}]}
                  - {name: second, provider: c, provider_model: m2}
                  - {name: third, provider: a, provider_model: m3}""");

        final RoutePlan<ChatProvider> plan = plan(request("chat"));

        assertThat(order(plan)).containsExactly("b/m", "a/m", "c/m2", "a/m3");
        assertThat(plan.candidates()).extracting(Candidate::modelName)
                                     .containsExactly("chat", "chat", "second", "third");
        assertThat(plan.model()).isEqualTo("chat");
        assertThat(plan.strategy()).isEqualTo("priority");
        assertThat(plan.rule()).isEmpty();
    }

    @Test
    void fallbacksOfFallbacksFollowAndEachTargetIsTriedOnce() {
        configure("""
                models:
                  - {name: chat, fallbacks: [backup], targets: [{provider: a, model: m}]}
                  - {name: backup, fallbacks: [last, chat], targets: [{provider: a, model: m}, {provider: b, model: m}]}
                  - {name: last, fallbacks: [backup], provider: c, provider_model: m}""");

        final RoutePlan<ChatProvider> plan = plan(request("chat"));

        assertThat(order(plan)).containsExactly("a/m", "b/m", "c/m");
        assertThat(plan.candidates()).extracting(Candidate::modelName).containsExactly("chat", "backup", "last");
        assertThat(plan.candidates().get(0).client()).isSameAs(table.providers().get("a").orElseThrow().client()
                                                                    .orElseThrow());
    }

    @Test
    void eachFallbackGroupIsOrderedByItsOwnStrategy() {
        configure("""
                models:
                  - {name: chat, provider: a, fallbacks: [backup]}
                  - {name: backup, strategy: priority, targets: [{provider: b, model: m, priority: 9},
                                                                 {provider: c, model: m, priority: 1}]}""");

        assertThat(order(plan(request("chat")))).containsExactly("a/chat", "c/m", "b/m");
    }

    // Rules

    @Test
    void theFirstRuleThatAppliesWinsAndItsObjectiveChoosesTheStrategy() {
        configure("""
                models:
                  - {name: chat, provider: a}
                  - {name: cheap, provider: b}
                  - {name: fast, provider: c}
                routing:
                  rules:
                    - {name: cheap-tools, when: {tools: true}, route_to: cheap, objective: cost}
                    - {name: everything, route_to: fast, objective: latency}""");

        final RoutePlan<ChatProvider> tools = plan(withTools("chat"));
        final RoutePlan<ChatProvider> plain = plan(request("chat"));

        assertThat(tools.rule()).isEqualTo("cheap-tools");
        assertThat(tools.model()).isEqualTo("cheap");
        assertThat(tools.strategy()).isEqualTo("lowest_cost");
        assertThat(tools.requestedModel()).isEqualTo("chat");
        assertThat(tools.decision().getRequestedModel()).isEqualTo("chat");
        assertThat(tools.decision().getRule()).isEqualTo("cheap-tools");
        assertThat(plain.rule()).isEqualTo("everything");
        assertThat(plain.model()).isEqualTo("fast");
        assertThat(plain.strategy()).isEqualTo("least_latency");
    }

    @Test
    void aRuleWithoutAnObjectiveKeepsTheGroupsStrategy() {
        configure("""
                models:
                  - {name: chat, provider: a}
                  - {name: fast, strategy: round_robin, provider: c}
                routing: {rules: [{name: all, route_to: fast}]}""");

        assertThat(plan(request("chat")).strategy()).isEqualTo("round_robin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            model: chat                  | matches
            model: other                 | misses
            tools: true                  | misses
            tools: false                 | matches
            json_schema: true            | misses
            json_schema: false           | matches
            images: true                 | misses
            images: false                | matches
            streaming: true              | misses
            streaming: false             | matches
            min_prompt_tokens: 4         | matches
            min_prompt_tokens: 5         | misses
            max_prompt_tokens: 4         | matches
            max_prompt_tokens: 3         | misses
            metadata: {tier: premium}    | misses
            """)
    void eachConditionOfARuleMustHoldForAPlainRequest(String condition, String outcome) {
        configure("""
                models: [{name: chat, provider: a}, {name: other, provider: b}, {name: ruled, provider: c}]
                routing: {rules: [{name: r, route_to: ruled, when: {%s}}]}""".formatted(condition));

        final RoutePlan<ChatProvider> plan = plan(withPromptTokens("chat", 4));

        assertThat(plan.model()).isEqualTo("matches".equals(outcome) ? "ruled" : "chat");
    }

    @Test
    void eachConditionMatchesARequestThatHasWhatItAsksFor() {
        configure("""
                models: [{name: chat, provider: a}, {name: t, provider: b}, {name: j, provider: b},
                         {name: i, provider: b}, {name: s, provider: b}, {name: big, provider: c},
                         {name: vip, provider: c}]
                routing:
                  rules:
                    - {name: tools, when: {tools: true}, route_to: t}
                    - {name: schema, when: {json_schema: true}, route_to: j}
                    - {name: images, when: {images: true}, route_to: i}
                    - {name: streams, when: {streaming: true}, route_to: s}
                    - {name: big, when: {min_prompt_tokens: 1000, max_prompt_tokens: 2000}, route_to: big}
                    - {name: vip, when: {model: chat, metadata: {tier: premium, region: eu}}, route_to: vip}""");

        assertThat(plan(withTools("chat")).rule()).isEqualTo("tools");
        assertThat(plan(withJsonSchema("chat")).rule()).isEqualTo("schema");
        assertThat(plan(withImage("chat")).rule()).isEqualTo("images");
        assertThat(planStreamed(request("chat")).rule()).isEqualTo("streams");
        assertThat(plan(withPromptTokens("chat", 1000)).rule()).isEqualTo("big");
        assertThat(plan(withPromptTokens("chat", 2000)).rule()).isEqualTo("big");
        assertThat(plan(withPromptTokens("chat", 2001)).rule()).isEmpty();
        assertThat(plan(request("chat").putMetadata("tier", "premium").putMetadata("region", "eu")).rule())
                .isEqualTo("vip");
        assertThat(plan(request("chat").putMetadata("tier", "premium")).rule()).as("every label must match").isEmpty();
        assertThat(plan(request("chat").putMetadata("tier", "basic").putMetadata("region", "eu")).rule()).isEmpty();
        assertThat(plan(request("vip").putMetadata("tier", "premium").putMetadata("region", "eu")).rule())
                .as("another model").isEmpty();
    }

    @Test
    void aToolsSchemaCountsTowardsThePromptRulesSee() {
        configure("""
                models: [{name: chat, provider: a}, {name: big, provider: b}]
                routing: {rules: [{name: big, when: {min_prompt_tokens: 100}, route_to: big}]}""");

        assertThat(plan(request("chat").addTools(dev.llmg.api.gateway.v1.Tool.newBuilder()
                                                 .setName("t").setDescription("d".repeat(400)))).rule())
                .isEqualTo("big");
    }

    // Skipped targets

    @Test
    void targetsThatCannotServeTheRequestAreSkippedWithTheirReasons() {
        configure("""
                models:
                  - name: chat
                    strategy: priority
                    targets:
                      - {provider: nokey, model: m}
                      - {provider: a, model: no-tools, capabilities: {tools: false}}
                      - {provider: a, model: tools}""");

        final RoutePlan<ChatProvider> plan = plan(withTools("chat"));

        assertThat(order(plan)).containsExactly("a/tools");
        assertThat(skips(plan)).containsExactly("nokey/m unavailable", "a/no-tools no_tools");
        assertThat(plan.skipped().get(0).getDetail()).isEqualTo("its provider 'nokey' cannot be used: no api_key is set");
        assertThat(plan.decision().getSkippedList()).isEqualTo(plan.skipped());
    }

    @Test
    void aTargetWhoseBreakerIsOpenIsSkipped() {
        configure("models: [{name: chat, strategy: priority, targets: [{provider: a, model: m}, {provider: b, model: m}]}]");
        open(health("chat", 0));

        final RoutePlan<ChatProvider> plan = plan(request("chat"));

        assertThat(order(plan)).containsExactly("b/m");
        assertThat(skips(plan)).containsExactly("a/m circuit_open");
    }

    @Test
    void aTargetWithoutNativeJsonSchemaIsStillTriedBecauseLlmgEmulatesIt() {
        configure("""
                models: [{name: chat, strategy: priority, targets: [
                  {provider: a, model: m, capabilities: {json_schema: false}}, {provider: b, model: m}]}]""");

        final RoutePlan<ChatProvider> plan = plan(withJsonSchema("chat"));

        assertThat(skips(plan)).isEmpty();
        assertThat(order(plan)).containsExactly("a/m", "b/m");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no_tools       | tools: false
            no_images      | images: false
            no_streaming   | streaming: false
            """)
    void aTargetWithoutACapabilityTheRequestNeedsIsSkipped(String reason, String capability) {
        configure("""
                models: [{name: chat, strategy: priority, targets: [
                  {provider: a, model: m, capabilities: {%s}}, {provider: b, model: m}]}]""".formatted(capability));

        final RoutePlan<ChatProvider> plan = switch (reason) {
            case "no_tools" -> plan(withTools("chat"));
            case "no_images" -> plan(withImage("chat"));
            default -> planStreamed(request("chat"));
        };
        final RoutePlan<ChatProvider> plain = plan(request("chat"));

        assertThat(skips(plan)).containsExactly("a/m " + reason);
        assertThat(order(plan)).containsExactly("b/m");
        assertThat(order(plain)).as("a request that needs nothing special").containsExactly("a/m", "b/m");
    }

    @Test
    void aTargetWhoseOutputLimitIsBelowTheRequestsMaxTokensIsSkipped() {
        configure("""
                models: [{name: chat, strategy: priority, targets: [
                  {provider: a, model: m, max_output_tokens: 1000}, {provider: b, model: m}]}]""");

        assertThat(skips(plan(request("chat").setMaxTokens(1001)))).containsExactly("a/m max_output_tokens");
        assertThat(plan(request("chat").setMaxTokens(1001)).skipped().get(0).getDetail())
                .isEqualTo("the request's max_tokens 1001 exceeds its output limit of 1000");
        assertThat(skips(plan(request("chat").setMaxTokens(1000)))).isEmpty();
    }

    @Test
    void aTargetWhoseContextWindowCannotHoldThePromptAndTheAnswerIsSkipped() {
        configure("""
                models: [{name: chat, strategy: priority, targets: [
                  {provider: a, model: m, context_window: 1000}, {provider: b, model: m}]}]""");

        assertThat(skips(plan(withPromptTokens("chat", 1000)))).isEmpty();
        assertThat(skips(plan(withPromptTokens("chat", 1001)))).containsExactly("a/m context_window");
        assertThat(plan(withPromptTokens("chat", 1001)).skipped().get(0).getDetail())
                .isEqualTo("an estimated 1001 prompt tokens exceed its context window of 1000");
        assertThat(skips(plan(withPromptTokens("chat", 900).setMaxTokens(100)))).isEmpty();
        assertThat(plan(withPromptTokens("chat", 900).setMaxTokens(101)).skipped().get(0).getDetail())
                .isEqualTo("an estimated 900 prompt tokens plus 101 answer tokens exceed its context window of 1000");
    }

    @Test
    void aWellKnownModelsContextWindowComesFromTheFacts() {
        configure("models: [{name: chat, targets: [{provider: a, model: gpt-3.5-turbo}, {provider: b, model: m}]}]");

        assertThat(skips(plan(withPromptTokens("chat", 16_386)))).containsExactly("a/gpt-3.5-turbo context_window");
    }

    // Nothing eligible

    @Test
    void aModelWhoseProvidersAllLackKeysCannotBeUsedNow() {
        configure("models: [{name: chat, targets: [{provider: nokey, model: m}, {provider: nokey, model: n}]}]");

        final GatewayException refused = refusal(request("chat"));

        assertThat(refused.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(refused.reason()).isEqualTo("provider_unavailable");
        assertThat(refused.field()).isEqualTo("model");
        assertThat(refused).hasMessage("model 'chat' cannot be used now: nokey/m: its provider 'nokey' cannot be used: "
                                       + "no api_key is set; nokey/n: its provider 'nokey' cannot be used: no api_key is set");
    }

    @Test
    void aRequestNoTargetCanServeIsAFailedPreconditionSayingWhy() {
        configure("""
                models:
                  - {name: chat, fallbacks: [backup], targets: [{provider: a, model: m, capabilities: {images: false}}]}
                  - {name: backup, targets: [{provider: nokey, model: m}]}""");

        final GatewayException refused = refusal(withImage("chat"));

        assertThat(refused.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION);
        assertThat(refused.reason()).isEqualTo("no_capable_target");
        assertThat(refused).hasMessage("no target of model 'chat' can serve this request: a/m: it cannot read images, "
                                       + "and the request holds some; nokey/m: its provider 'nokey' cannot be used: "
                                       + "no api_key is set");
    }

    @Test
    void whenTheOnlyTargetsThatCouldServeAreFailingTheCallerIsToldToComeBack() {
        configure("models: [{name: chat, targets: [{provider: a, model: m}, "
                  + "{provider: b, model: m, capabilities: {tools: false}}]}]");
        open(health("chat", 0));

        final GatewayException refused = refusal(withTools("chat"));

        assertThat(refused.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(refused.reason()).isEqualTo("no_healthy_target");
        assertThat(refused.getMessage()).startsWith("every target of model 'chat' that could serve this request is "
                                                    + "failing or unavailable; try again shortly (a/m: its circuit");
    }

    @Test
    void anUnknownModelIsNotFoundAndTheModelsThatExistAreListed() {
        configure("models: [{name: chat, provider: a}, {name: backup, provider: b}]");

        final GatewayException refused = refusal(request("caht"));

        assertThat(refused.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(refused.reason()).isEqualTo("model_not_found");
        assertThat(refused.field()).isEqualTo("model");
        assertThat(refused).hasMessage("model 'caht' is not configured; available models: backup, chat");
    }

    @Test
    void aLongListOfModelsIsCutAndAnAbsurdNameShortened() {
        configure("models: [" + IntStream.range(0, 25).mapToObj(i -> "{name: m%02d, provider: a}".formatted(i))
                                         .collect(Collectors.joining(", ")) + "]");

        final GatewayException refused = refusal(request("x".repeat(500)));

        assertThat(refused.getMessage()).startsWith("model '" + "x".repeat(100) + "...' is not configured")
                                        .endsWith("m19 and 5 more (GET /api/v1/models)");
    }

    // The summary

    @Test
    void aSingleModelsSummarySaysWhoServesIt() {
        configure("models: [{name: chat, provider: a, provider_model: gpt-4o}]");

        assertThat(plan(request("chat")).summary()).isEqualTo("model chat is served by provider a");
    }

    @Test
    void aGroupsSummarySaysTheRuleTheFirstCandidateAndTheSkips() {
        configure("""
                models:
                  - {name: chat, provider: a}
                  - {name: group, strategy: priority, targets: [{provider: nokey, model: m}, {provider: b, model: m},
                                                                {provider: c, model: m}]}
                routing: {rules: [{name: everything, route_to: group}]}""");

        assertThat(plan(request("chat")).summary())
                .isEqualTo("rule everything sent it to model group (priority): b/m first of 2 candidate(s); "
                           + "skipped nokey/m (unavailable)");
    }

    // Embeddings

    @Test
    void embeddingsArePlannedOverTargetsWhoseProviderMakesThem() {
        configure("""
                models:
                  - {name: vectors, strategy: priority, targets: [{provider: a, model: text-embedding-3-small},
                                                                  {provider: e, model: text-embedding-3-small}]}""");

        final RoutePlan<EmbeddingProvider> plan = router.planEmbeddings(embeddings("vectors", "hi"), Caller.anonymous());

        assertThat(order(plan)).containsExactly("e/text-embedding-3-small");
        assertThat(skips(plan)).containsExactly("a/text-embedding-3-small no_embeddings");
        assertThat(plan.candidates().get(0).client()).isInstanceOf(EmbeddingProvider.class);
    }

    @Test
    void aModelNoneOfWhoseProvidersMakeEmbeddingsIsRefusedAsSuch() {
        configure("models: [{name: chat, provider: a}]");

        final GatewayException refused = catchThrowableOfType(GatewayException.class,
                () -> router.planEmbeddings(embeddings("chat", "hi"), Caller.anonymous()));

        assertThat(refused.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(refused.reason()).isEqualTo("model_cannot_embed");
        assertThat(refused).hasMessage("model 'chat' cannot make embeddings: a/chat: its provider 'a' (type chat) "
                                       + "answers chat only");
    }

    @Test
    void anInputLongerThanTheEmbeddingModelsContextWindowIsRefused() {
        configure("models: [{name: vectors, provider: e, provider_model: text-embedding-3-small}]");

        final GatewayException refused = catchThrowableOfType(GatewayException.class,
                () -> router.planEmbeddings(embeddings("vectors", "y", "x".repeat(4 * 8192)), Caller.anonymous()));

        assertThat(refused.reason()).isEqualTo("no_capable_target");
        assertThat(router.planEmbeddings(embeddings("vectors", "x".repeat(4 * 8191)), Caller.anonymous())
                         .candidates()).hasSize(1);
    }

    @Test
    void aBatchOfInputsThatEachFitTheContextWindowIsPlanned() {
        configure("models: [{name: vectors, provider: e, provider_model: text-embedding-3-small}]");
        final String[] inputs = new String[20];
        java.util.Arrays.fill(inputs, "x".repeat(4 * 1000)); // 20,000 tokens in all, 1,000 each

        assertThat(router.planEmbeddings(embeddings("vectors", inputs), Caller.anonymous()).candidates())
                .as("the window bounds each input, not the batch").hasSize(1);
    }

    @Test
    void anUnknownEmbeddingsModelIsNotFound() {
        configure("models: [{name: chat, provider: e}]");

        assertThat(catchThrowableOfType(GatewayException.class,
                () -> router.planEmbeddings(embeddings("vectors", "hi"), Caller.anonymous())).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    // Breakers recover

    @Test
    void aTargetWhoseBreakerCooledDownIsPlannedAgainForItsProbe() throws Exception {
        configure("""
                models: [{name: chat, strategy: priority, targets: [{provider: a, model: m}, {provider: b, model: m}]}]
                routing: {breaker: {consecutive_failures: 1, cool_down: 500ms}}""");
        final TargetHealth first = health("chat", 0);
        first.attemptStarted(true);
        first.attemptFailed(Duration.ofMillis(1), ErrorKind.UNAVAILABLE);
        assertThat(order(plan(request("chat")))).containsExactly("b/m");

        Thread.sleep(700);

        assertThat(order(plan(request("chat")))).as("skipping it for good would keep its breaker open for good")
                                                .containsExactly("a/m", "b/m");
        assertThat(first.tryAcquire()).as("the probe").isTrue();
        assertThat(first.tryAcquire()).as("one probe per cool-down").isFalse();
    }
}
