package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.ListModelGroupsRequest;
import dev.llmg.api.gateway.v1.ListModelGroupsResponse;
import dev.llmg.api.gateway.v1.RoutedModel;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.RoutingServiceGrpc;
import dev.llmg.internal.config.ConfigLoader;
import dev.llmg.internal.config.ConfigSource;

/**
 * The shipped offline {@code config/config.yaml} has something for the routing view to show: the group
 * {@code sim-balanced} and the rule {@code fast-tier}, which sends a request carrying {@code tier: fast} there,
 * answered by the simulator alone.
 */
class DemoRoutingTest {

    @RegisterExtension
    static final ServerExtension gateway = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            LlmgComponent.create(ConfigSource.file(
                    new ConfigLoader(Map.of()), Path.of("..", "..", "config", "config.yaml"),
                    Map.of("server.port", "0",
                           "storage.url", "jdbc:h2:mem:demo-routing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                           "tracking.spill_dir", "target/demo-routing-spill")))
                         .serverConfigurator().configure(sb);
        }
    };

    @Test
    void theFastTierGoesToTheBalancedGroup() {
        final ListModelGroupsResponse table = GrpcClients.newClient(
                gateway.httpUri(), RoutingServiceGrpc.RoutingServiceBlockingStub.class)
                .listModelGroups(ListModelGroupsRequest.getDefaultInstance());
        final RoutedModel balanced = table.getModelsList().stream()
                                          .filter(model -> model.getName().equals("sim-balanced")).findFirst()
                                          .orElseThrow();
        assertThat(balanced.getStrategy()).isEqualTo("round_robin");
        assertThat(balanced.getFallbacksList()).containsExactly("sim-echo");
        assertThat(table.getRulesList()).extracting(rule -> rule.getName()).containsExactly("fast-tier");

        final RoutingDecision routing = GrpcClients.newClient(gateway.httpUri(),
                                                              ChatServiceGrpc.ChatServiceBlockingStub.class)
                .createChatCompletion(CreateChatCompletionRequest.newBuilder().setChat(
                        ask("sim-echo", "hello").toBuilder().putMetadata("tier", "fast")).build())
                .getGateway().getRouting();
        assertThat(routing.getRule()).isEqualTo("fast-tier");
        assertThat(routing.getModel()).isEqualTo("sim-balanced");
    }
}
