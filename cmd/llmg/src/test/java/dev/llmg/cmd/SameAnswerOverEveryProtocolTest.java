package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.ListModelsResponse;
import dev.llmg.client.LlmgClient;
import io.grpc.StatusRuntimeException;

class SameAnswerOverEveryProtocolTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    private static final ChatRequest REQUEST = ask("sim-echo", "the same words everywhere");

    @Test
    void grpcGrpcWebAndRestGiveTheSameAnswer() throws Exception {
        final CreateChatCompletionResponse grpc = LlmgClient.connect(gateway.httpUri()).complete(REQUEST);
        final CreateChatCompletionResponse grpcWeb = LlmgClient.connectGrpcWeb(gateway.httpUri()).complete(REQUEST);
        final CreateChatCompletionResponse rest = overRest(REQUEST);

        assertThat(grpc.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("the same words everywhere");
        assertThat(grpcWeb.getChoicesList()).isEqualTo(grpc.getChoicesList());
        assertThat(rest.getChoicesList()).isEqualTo(grpc.getChoicesList());
        assertThat(rest.getUsage()).isEqualTo(grpc.getUsage());
        for (CreateChatCompletionResponse answer : new CreateChatCompletionResponse[] { grpc, grpcWeb, rest }) {
            assertThat(answer.getGateway().getProvider()).isEqualTo("simulator");
            assertThat(answer.getGateway().getAttempts()).isEqualTo(1);
            assertThat(answer.getGateway().getRequestId()).isNotEmpty();
            assertThat(answer.getGateway().hasOverhead()).isTrue();
        }
    }

    @Test
    void graphqlGivesTheSameAnswerAndTheSameErrors() throws Exception {
        final CreateChatCompletionResponse grpc = LlmgClient.connect(gateway.httpUri()).complete(REQUEST);
        final GraphqlClient graphql = new GraphqlClient(gateway.httpUri());
        final String mutation = "mutation C($input: ChatInput!) { createChatCompletion(input: $input) { id model"
                + " choices { index finishReason message { role content { text } name toolCalls { id name arguments }"
                + " toolCallId reasoning refusal } } usage { inputTokens outputTokens totalTokens cachedInputTokens"
                + " reasoningTokens cacheCreationInputTokens estimated } gateway { provider attempts requestId } } }";
        final Map<String, Object> variables = Map.of("input", new ObjectMapper().readValue(
                JsonFormat.printer().print(REQUEST), Map.class));
        final GraphqlClient.Answer answer = graphql.post(mutation, variables);
        assertThat(answer.body().has("errors")).as(answer.body().toString()).isFalse();
        final CreateChatCompletionResponse.Builder overGraphql = CreateChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(answer.data().path("createChatCompletion").toString(), overGraphql);
        assertThat(overGraphql.getChoicesList()).isEqualTo(grpc.getChoicesList());
        assertThat(overGraphql.getUsage()).isEqualTo(grpc.getUsage());
        assertThat(overGraphql.getGateway().getProvider()).isEqualTo(grpc.getGateway().getProvider());

        final ChatRequest unknown = REQUEST.toBuilder().setModel("no-such-model").build();
        final StatusRuntimeException overGrpc = catchThrowableOfType(
                StatusRuntimeException.class, () -> LlmgClient.connect(gateway.httpUri()).complete(unknown));
        final GraphqlClient.Answer refused = graphql.post(mutation, Map.of("input", new ObjectMapper().readValue(
                JsonFormat.printer().print(unknown), Map.class)));
        assertThat(refused.error().at("/extensions/code").asText()).isEqualTo(overGrpc.getStatus().getCode().name());
        assertThat(refused.error().path("message").asText()).isEqualTo(overGrpc.getStatus().getDescription());

        final GraphqlClient.Answer models = graphql.post("{ models { models { id provider providerModel available "
                + "unavailableReason targets { provider model } strategy fallbacks embeddings } } }");
        final ListModelsResponse.Builder listed = ListModelsResponse.newBuilder();
        JsonFormat.parser().merge(models.data().path("models").toString(), listed);
        assertThat(listed.getModelsList()).isEqualTo(LlmgClient.connect(gateway.httpUri()).listModels()
                                                               .getModelsList());
    }

    @Test
    void restAnswerCarriesTheRequestIdItsHeaderNames() throws Exception {
        final AggregatedHttpResponse response = postJson(gateway, JsonFormat.printer().print(REQUEST));
        final CreateChatCompletionResponse.Builder answer = CreateChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(response.contentUtf8(), answer);
        assertThat(response.headers().get("x-request-id")).isEqualTo(answer.getGateway().getRequestId());
    }

    @Test
    void modelsAreListedOverGrpcAndRest() {
        assertThat(LlmgClient.connect(gateway.httpUri()).listModels().getModelsList())
                .extracting(model -> model.getId()).containsExactly("sim-echo");
        final AggregatedHttpResponse rest = WebClient.of(gateway.httpUri()).get("/api/v1/models").aggregate().join();
        assertThat(rest.status()).isEqualTo(HttpStatus.OK);
        assertThat(rest.contentUtf8()).contains("\"id\":\"sim-echo\"");
    }

    private static CreateChatCompletionResponse overRest(ChatRequest request) throws Exception {
        final AggregatedHttpResponse response = postJson(gateway, JsonFormat.printer().print(request));
        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        final CreateChatCompletionResponse.Builder answer = CreateChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(response.contentUtf8(), answer);
        return answer.build();
    }

    static AggregatedHttpResponse postJson(TestGateway gateway, String json) {
        return WebClient.of(gateway.httpUri()).prepare().post("/api/v1/chat/completions")
                        .content(MediaType.JSON_UTF_8, json).execute().aggregate().join();
    }
}
