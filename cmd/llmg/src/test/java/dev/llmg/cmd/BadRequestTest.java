package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.json.v1.ErrorDetail;
import dev.llmg.client.LlmgClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Bad input gets INVALID_ARGUMENT / 400 saying what to fix, and the gateway stays healthy. */
class BadRequestTest {

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(TestGateway.SIMULATOR_ONLY);

    @AfterEach
    void gatewayStillAnswers() {
        assertThat(client().complete(ask("sim-echo", "still here")).getChoices(0).getMessage().getContent(0).getText())
                .isEqualTo("still here");
    }

    @Test
    void missingModelNamesTheField() {
        final StatusRuntimeException error = grpcError(ask("", "hi"));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("model is required");
        assertThat(detailOf(error).getField()).isEqualTo("model");
        assertThat(detailOf(error).getReason()).isEqualTo("invalid_argument");
    }

    @Test
    void noMessagesIsInvalid() {
        final StatusRuntimeException error = grpcError(ChatRequest.newBuilder().setModel("sim-echo").build());
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("messages must hold at least one message");
    }

    @Test
    void unknownRoleNumberIsInvalid() {
        final ChatRequest request = ask("sim-echo", "hi");
        final StatusRuntimeException error = grpcError(request.toBuilder().setMessages(
                0, request.getMessages(0).toBuilder().setRoleValue(42)).build());
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("messages[0].role");
    }

    @Test
    void unknownModelIsNotFoundAndListsTheModels() {
        final StatusRuntimeException error = grpcError(ask("no-such-model", "hi"));
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(error.getStatus().getDescription()).contains("no-such-model", "sim-echo");
        assertThat(detailOf(error).getReason()).isEqualTo("model_not_found");
    }

    @Test
    void streamingReportsBadInputTheSameWay() {
        final StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> client().stream(ask("", "hi")).hasNext());
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(error.getStatus().getDescription()).contains("model is required");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON      | {"model":"sim-echo",                                                          | 400 | not valid JSON
            not an object       | [1, 2]                                                                         | 400 | INVALID_ARGUMENT
            wrong type          | {"model":"sim-echo","messages":"hi"}                                           | 400 | messages must be an array, not the string
            wrong number type   | {"model":"sim-echo","temperature":"hot","messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]} | 400 | temperature must be a number, not the string
            unknown enum        | {"model":"sim-echo","messages":[{"role":"ROLE_WIZARD","content":[{"text":"hi"}]}]} | 400 | messages[0].role
            no messages         | {"model":"sim-echo","messages":[]}                                             | 400 | messages must hold
            no model            | {"messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]}                  | 400 | model is required
            out of range        | {"model":"sim-echo","temperature":3,"messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]} | 400 | temperature must be between
            unknown model       | {"model":"nope","messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]}   | 404 | not configured
            """)
    void restGetsAClearJsonError(String what, String body, int status, String message) {
        final AggregatedHttpResponse response = SameAnswerOverEveryProtocolTest.postJson(gateway, body);
        assertThat(response.status().code()).as(what).isEqualTo(status);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).contains(message);
    }

    @Test
    void restRejectsANonJsonContentType() {
        final AggregatedHttpResponse response =
                WebClient.of(gateway.httpUri()).prepare().post("/api/v1/chat/completions")
                         .content(MediaType.PLAIN_TEXT_UTF_8, "hello").execute().aggregate().join();
        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.contentUtf8()).contains("content-type");
    }

    private static LlmgClient client() {
        return LlmgClient.connect(gateway.httpUri());
    }

    private static StatusRuntimeException grpcError(ChatRequest request) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> client().complete(request));
    }

    static ErrorDetail detailOf(StatusRuntimeException error) {
        try {
            return StatusProto.fromThrowable(error).getDetails(0).unpack(ErrorDetail.class);
        } catch (Exception e) {
            throw new AssertionError("no ErrorDetail in the status", e);
        }
    }
}
