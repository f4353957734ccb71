package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;

import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * {@code POST /api/v1/chat/completions:stream} on the real gateway with the simulator: the answer as
 * Server-Sent Events, and a clear 4xx with the JSON error for every kind of bad input.
 */
class SseStreamingTest {

    /** A small body limit, so that the 413 case needs no 10 MiB body. */
    @RegisterExtension
    static final TestGateway gateway =
            new TestGateway("server:\n  max_request_length: 4KiB\n" + TestGateway.SIMULATOR_ONLY);

    private static final String REQUEST = print("one two three four five");

    @AfterEach
    void gatewayStillStreams() {
        final List<SseReader.Event> events = SseReader.post(gateway.httpUri(), print("still here")).rest();
        assertThat(events.get(0).piece().getChoices(0).getDelta().getContent()).isEqualTo("still ");
    }

    @Test
    void streamsWordByWordThenUsageAndGatewayThenDone() {
        final SseReader reader = SseReader.post(gateway.httpUri(), REQUEST);
        assertThat(reader.headers().status().code()).isEqualTo(200);
        assertThat(reader.headers().contentType().toString()).startsWith("text/event-stream");
        final List<SseReader.Event> events = reader.rest();

        assertThat(events.get(events.size() - 1)).isEqualTo(new SseReader.Event("done", "{}"));
        final List<SseReader.Event> pieces = events.subList(0, events.size() - 1);
        assertThat(pieces).allSatisfy(event -> assertThat(event.name()).isEqualTo("message"));
        final StringBuilder content = new StringBuilder();
        FinishReason finish = FinishReason.FINISH_REASON_UNSPECIFIED;
        for (SseReader.Event event : pieces.subList(0, pieces.size() - 1)) {
            final StreamChatCompletionResponse piece = event.piece();
            assertThat(piece.hasUsage()).isFalse();
            content.append(piece.getChoices(0).getDelta().getContent());
            if (piece.getChoices(0).getFinishReason() != FinishReason.FINISH_REASON_UNSPECIFIED) {
                finish = piece.getChoices(0).getFinishReason();
            }
        }
        assertThat(pieces.get(0).piece().getChoices(0).getDelta().getRole()).isEqualTo(Role.ROLE_ASSISTANT);
        assertThat(content.toString()).isEqualTo("one two three four five");
        assertThat(finish).isEqualTo(FinishReason.FINISH_REASON_STOP);
        final StreamChatCompletionResponse last = pieces.get(pieces.size() - 1).piece();
        assertThat(last.getUsage().getOutputTokens()).isPositive();
        assertThat(last.getGateway().getProvider()).isEqualTo("simulator");
        assertThat(last.getGateway().getRequestId()).isEqualTo(reader.headers().get("x-request-id"));
    }

    @Test
    void eventsAreOneLineOfLowerCamelCaseJson() {
        final SseReader.Event first = SseReader.post(gateway.httpUri(), REQUEST).next();
        assertThat(first.data()).doesNotContain("\n").doesNotContain(": ")
                                .contains("\"choices\":[{\"delta\":{\"role\":\"ROLE_ASSISTANT\"");
        assertThat(SseReader.post(gateway.httpUri(), REQUEST).rest()).anySatisfy(
                event -> assertThat(event.data()).contains("\"finishReason\":\"FINISH_REASON_STOP\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON      | {"model":"sim-echo",                                                          | 400 | not valid JSON
            trailing garbage    | {"model":"sim-echo"} {}                                                        | 400 | not valid JSON
            empty body          | ''                                                                             | 400 | the request body is empty
            not an object       | [1, 2]                                                                         | 400 | must be a JSON object
            wrong type          | {"model":"sim-echo","messages":"hi"}                                           | 400 | messages must be an array, not the string
            wrong number type   | {"model":"sim-echo","temperature":"hot","messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]} | 400 | temperature must be a number, not the string
            unknown role        | {"model":"sim-echo","messages":[{"role":"ROLE_WIZARD","content":[{"text":"hi"}]}]} | 400 | messages[0].role must be one of ROLE_SYSTEM
            empty messages      | {"model":"sim-echo","messages":[]}                                             | 400 | messages must hold at least one message
            no model            | {"messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]}                  | 400 | model is required
            out of range        | {"model":"sim-echo","temperature":3,"messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]} | 400 | temperature must be between
            unknown model       | {"model":"nope","messages":[{"role":"ROLE_USER","content":[{"text":"hi"}]}]}   | 404 | not configured
            """)
    void badInputGetsAClearJsonErrorBeforeAnyEvent(String what, String body, int status, String message) {
        final AggregatedHttpResponse response = SseReader.postWhole(gateway.httpUri(), MediaType.JSON_UTF_8, body);
        assertThat(response.status().code()).as(what).isEqualTo(status);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).startsWith("{\"code\":").contains("\"grpc-code\":", message);
    }

    @Test
    void unknownFieldsAreIgnoredAsTheRestRouteIgnoresThem() {
        final String body = REQUEST.replace("{\"model\"", "{\"futureField\":1,\"model\"");
        assertThat(SseReader.post(gateway.httpUri(), body).rest()).last()
                .isEqualTo(new SseReader.Event("done", "{}"));
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        final AggregatedHttpResponse response =
                SseReader.postWhole(gateway.httpUri(), MediaType.PLAIN_TEXT_UTF_8, REQUEST);
        assertThat(response.status().code()).isEqualTo(415);
        assertThat(response.contentUtf8()).contains("\"code\":3", "content-type: application/json");
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(HttpRequest.of(
                RequestHeaders.of(HttpMethod.POST, SseReader.PATH), com.linecorp.armeria.common.HttpData.ofUtf8(
                        REQUEST))).aggregate().join();
        assertThat(response.status().code()).isEqualTo(415);
    }

    @Test
    void aBodyOverTheLimitIs413WithTheJsonError() {
        final String big = print("x".repeat(5000));
        final AggregatedHttpResponse response = SseReader.postWhole(gateway.httpUri(), MediaType.JSON_UTF_8, big);
        assertThat(response.status().code()).isEqualTo(413);
        assertThat(response.contentType().isJson()).isTrue();
        assertThat(response.contentUtf8()).contains("\"code\":3", "server.max_request_length: 4096 bytes",
                                                    "request_too_large");
    }

    @Test
    void onlyPostIsServed() {
        final AggregatedHttpResponse response = WebClient.of(gateway.httpUri()).execute(
                HttpRequest.of(RequestHeaders.of(HttpMethod.GET, SseReader.PATH))).aggregate().join();
        assertThat(response.status().code()).isEqualTo(405);
    }

    private static String print(String text) {
        try {
            return JsonFormat.printer().print(ask("sim-echo", text));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
