package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.HttpData;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ChatServiceGrpc;
import dev.llmg.api.gateway.v1.CreateChatCompletionRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The call object is built the same way on every front door: every answer carries its request id, the routing
 * decision with its attempt, and the overhead, and a caller's {@code x-llmg-timeout} bounds the call wherever
 * it comes from.
 */
class CallSeamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "providers:",
            "  simulator:",
            "    type: simulator",
            "  slow:",
            "    type: simulator",
            "    latency: 3s",
            "models:",
            "  - name: sim-echo",
            "    provider: simulator",
            "  - name: sim-slow",
            "    provider: slow",
            ""));

    private static final ChatRequest REQUEST = ask("sim-echo", "hello seam");

    @Test
    void everyFrontDoorStampsTheSameKindOfMetadata() throws Exception {
        final List<GatewayMetadata> stamped = new ArrayList<>();
        // A connection of its own: over a pooled HTTP/2 connection to the gateway, the client would try the
        // upgrade as an extended CONNECT, which the gateway does not serve.
        final ClientFactory wsFactory = ClientFactory.builder().build();
        final WsClient ws = WsClient.of(WebSocketClient.builder(gateway.httpUri()).factory(wsFactory).build()
                                                       .connect(WsClient.PATH).join());
        ws.request("s1", REQUEST);
        final List<JsonNode> stream = ws.streamOf("s1", new ArrayList<>());
        final GatewayMetadata.Builder fromWs = GatewayMetadata.newBuilder();
        JsonFormat.parser().merge(stream.get(stream.size() - 2).path("chunk").path("gateway").toString(), fromWs);
        stamped.add(fromWs.build());
        ws.close();
        wsFactory.closeAsync();

        stamped.add(LlmgClient.connect(gateway.httpUri()).complete(REQUEST).getGateway());
        stamped.add(LlmgClient.connectGrpcWeb(gateway.httpUri()).complete(REQUEST).getGateway());
        final Iterator<StreamChatCompletionResponse> pieces = LlmgClient.connect(gateway.httpUri()).stream(REQUEST);
        StreamChatCompletionResponse last = null;
        while (pieces.hasNext()) {
            last = pieces.next();
        }
        stamped.add(last.getGateway());

        final AggregatedHttpResponse rest = post("/api/v1/chat/completions", JsonFormat.printer().print(REQUEST), null);
        final CreateChatCompletionResponse.Builder restAnswer = CreateChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(rest.contentUtf8(), restAnswer);
        assertThat(restAnswer.getGateway().getRequestId()).isEqualTo(rest.headers().get("x-request-id"));
        stamped.add(restAnswer.getGateway());

        final AggregatedHttpResponse openAi = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hello seam\"}]}", null);
        final JsonNode llmg = JSON.readTree(openAi.contentUtf8()).path("llmg");
        assertThat(llmg.path("request_id").asText()).isEqualTo(openAi.headers().get("x-request-id"));
        final GatewayMetadata.Builder fromOpenAi = GatewayMetadata.newBuilder();
        JsonFormat.parser().merge(llmg.toString(), fromOpenAi);
        stamped.add(fromOpenAi.build());

        final SseReader sse = SseReader.post(gateway.httpUri(), JsonFormat.printer().print(REQUEST));
        final List<SseReader.Event> events = sse.rest();
        final StreamChatCompletionResponse.Builder lastSse = StreamChatCompletionResponse.newBuilder();
        JsonFormat.parser().merge(events.get(events.size() - 2).data(), lastSse);
        assertThat(lastSse.getGateway().getRequestId()).isEqualTo(sse.headers().get("x-request-id"));
        stamped.add(lastSse.getGateway());

        assertThat(stamped).hasSize(7).allSatisfy(gateway -> {
            assertThat(gateway.getRequestId()).isNotEmpty();
            assertThat(gateway.getProvider()).isEqualTo("simulator");
            assertThat(gateway.getAttempts()).isEqualTo(1);
            assertThat(gateway.hasOverhead()).isTrue();
            assertThat(gateway.getRouting().getRequestedModel()).isEqualTo("sim-echo");
            assertThat(gateway.getRouting().getAttemptsList()).singleElement().satisfies(attempt -> {
                assertThat(attempt.getOutcome()).isEqualTo(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED);
                assertThat(attempt.getTarget().getProvider()).isEqualTo("simulator");
            });
            assertThat(gateway.getRoute()).as("the deprecated route string is still filled")
                                          .isEqualTo(gateway.getRouting().getSummary()).isNotEmpty();
        });
        assertThat(stamped).extracting(GatewayMetadata::getRequestId).doesNotHaveDuplicates();
    }

    @Test
    void aCallersTimeoutHeaderBoundsTheCallOnEverySurface() throws Exception {
        final String slow = JsonFormat.printer().print(ask("sim-slow", "take your time"));
        final AggregatedHttpResponse rest = post("/api/v1/chat/completions", slow, "100ms");
        assertThat(rest.status().code()).isEqualTo(504);
        assertThat(rest.contentUtf8()).contains("DEADLINE_EXCEEDED", "x-llmg-timeout");

        final AggregatedHttpResponse openAi = post("/v1/chat/completions",
                "{\"model\":\"sim-slow\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "100ms");
        assertThat(openAi.status().code()).isEqualTo(504);

        final AggregatedHttpResponse sse = post(SseReader.PATH, slow, "100ms");
        assertThat(sse.status().code()).isEqualTo(504);

        final ChatServiceGrpc.ChatServiceBlockingStub grpc =
                GrpcClients.builder(gateway.httpUri()).addHeader("x-llmg-timeout", "100ms")
                           .build(ChatServiceGrpc.ChatServiceBlockingStub.class);
        final StatusRuntimeException failure = (StatusRuntimeException) catchThrowable(() -> grpc.createChatCompletion(
                CreateChatCompletionRequest.newBuilder().setChat(ask("sim-slow", "hi")).build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }

    @Test
    void aMalformedTimeoutHeaderIsABadRequestThatNamesIt() throws Exception {
        final AggregatedHttpResponse rest = post("/api/v1/chat/completions", JsonFormat.printer().print(REQUEST),
                                                 "soon");
        assertThat(rest.status().code()).isEqualTo(400);
        assertThat(rest.contentUtf8()).contains("x-llmg-timeout");
        final AggregatedHttpResponse openAi = post("/v1/chat/completions",
                "{\"model\":\"sim-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "-5s");
        assertThat(openAi.status().code()).isEqualTo(400);
        assertThat(JSON.readTree(openAi.contentUtf8()).path("error").path("param").asText()).isEqualTo("x-llmg-timeout");
    }

    private static AggregatedHttpResponse post(String path, String json, String timeout) {
        final RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8);
        if (timeout != null) {
            headers.add("x-llmg-timeout", timeout);
        }
        return WebClient.of(gateway.httpUri()).execute(HttpRequest.of(headers.build(),
                                                                      HttpData.ofUtf8(json)))
                        .aggregate().join();
    }
}
