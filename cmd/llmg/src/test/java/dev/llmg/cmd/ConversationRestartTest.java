package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationServiceGrpc;
import dev.llmg.api.gateway.v1.CreateConversationRequest;
import dev.llmg.api.gateway.v1.ListConversationMessagesRequest;
import dev.llmg.api.gateway.v1.RegenerateConversationRequest;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;
import dev.llmg.internal.testing.PostgresServer;

/**
 * A conversation outlives its gateway: stopped and started again on the same database (an H2 file, a real
 * PostgreSQL), the gateway sends the next turn with the history the first one stored.
 */
@Timeout(120)
@ParameterizedClass(name = "{0}")
@ValueSource(strings = { "h2", "postgres" })
class ConversationRestartTest {

    @RegisterExtension
    @Order(1)
    static final ConversationUpstream upstream = new ConversationUpstream();

    @Parameter
    String backend;

    @Test
    void theNextTurnAfterARestartCarriesTheStoredHistory() {
        upstream.reset();
        final String url = "postgres".equals(backend)
                           ? PostgresServer.shared().newDatabase()
                           : "jdbc:h2:file:" + Path.of("target", "conversation-restart", UUID.randomUUID().toString())
                                                   .toAbsolutePath();
        final String id;
        LlmgComponent gateway = start(url);
        try {
            final int port = gateway.server().activeLocalPort();
            id = conversations(port).createConversation(CreateConversationRequest.newBuilder().setConversation(
                    Conversation.newBuilder().setSystemPrompt("Remember.").setModel("gpt-4o-mini")).build())
                                    .getConversation().getId();
            chat(port).createChatCompletion(ConversationsTest.turn(id, "my name is Ana"));
        } finally {
            gateway.shutdown().run(); // drains, flushes and closes the database's pool
        }

        gateway = start(url);
        try {
            final int port = gateway.server().activeLocalPort();
            chat(port).createChatCompletion(ConversationsTest.turn(id, "what is my name?"));
            assertThat(upstream.lastSent()).containsExactly("system: Remember.", "user: my name is Ana",
                                                            "assistant: re: my name is Ana",
                                                            "user: what is my name?");
            conversations(port).regenerateConversation(RegenerateConversationRequest.newBuilder().setId(id).build());
            assertThat(conversations(port).listConversationMessages(ListConversationMessagesRequest.newBuilder()
                    .setId(id).setIncludeSuperseded(true).build()).getMessagesCount()).isEqualTo(5);
        } finally {
            gateway.shutdown().run();
        }
    }

    private static LlmgComponent start(String url) {
        final String yaml = upstream.gatewayConfig(String.join("\n",
                "server: {port: 0, graceful_shutdown: {quiet_period: 0s, timeout: 1s}}",
                "storage: {url: \"" + url + "\"}"));
        final LlmgComponent component = LlmgComponent.create(ConfigSource.fixed(
                new ConfigLoader(Map.of()).parse(TestStorage.withDefaults(yaml))));
        final Server server = component.server();
        server.start().join();
        return component;
    }

    private static ConversationServiceGrpc.ConversationServiceBlockingStub conversations(int port) {
        return GrpcClients.newClient("http://127.0.0.1:" + port,
                                     ConversationServiceGrpc.ConversationServiceBlockingStub.class);
    }

    private static ChatServiceGrpc.ChatServiceBlockingStub chat(int port) {
        return GrpcClients.newClient("http://127.0.0.1:" + port, ChatServiceGrpc.ChatServiceBlockingStub.class);
    }
}
