package dev.llmg.cmd.hostile;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every field llmg reads from OpenAI's chat and embeddings requests, spoiled every way
 * {@link OpenAiJsonMutations} and {@link WholeBodyMutations} know, on {@code /v1/chat/completions} (unary and
 * {@code "stream": true}) and {@code /v1/embeddings}: each must be refused with a 4xx in OpenAI's error shape
 * before any stream starts, or answered where the input is legal, and the gateway must stay healthy.
 */
class OpenAiHostileTest {

    @RegisterExtension
    static final HostileGateway gateway = new HostileGateway();

    @TestFactory
    Stream<DynamicNode> chat() {
        return Stream.of(batch("/v1/chat/completions", "", OpenAiJsonCases.of(BaseRequests.openAiChat(false), "chat"),
                               false));
    }

    @TestFactory
    Stream<DynamicNode> streamedChat() {
        return Stream.of(batch("/v1/chat/completions", " (stream: true)",
                               OpenAiJsonCases.of(BaseRequests.openAiChat(true), "chat stream"), true));
    }

    @TestFactory
    Stream<DynamicNode> embeddings() {
        return Stream.of(batch("/v1/embeddings", "", OpenAiJsonCases.of(BaseRequests.openAiEmbeddings(), "embeddings"),
                               false));
    }

    private static DynamicNode batch(String path, String label, java.util.List<HostileCase> cases, boolean sampled) {
        final String name = "OpenAI POST " + path + label;
        return HostileBatch.of(name, () -> new OpenAiSurface(new HttpCalls(gateway.httpUri()), path, label),
                               sampled ? CaseSampler.sample(cases, name) : cases, gateway.httpUri());
    }
}
