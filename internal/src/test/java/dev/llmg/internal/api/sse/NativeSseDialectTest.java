package dev.llmg.internal.api.sse;

import static dev.llmg.internal.api.streaming.TestSource.piece;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.CancelledSubscriptionException;

import dev.llmg.internal.api.streaming.ManualReader;
import dev.llmg.internal.api.streaming.SseResponder;
import dev.llmg.internal.api.streaming.TestSource;
import dev.llmg.spi.GatewayException;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * The SSE adapter between a provider's stream and the HTTP response, with every signal synchronous: exact
 * counts of what it asks the provider for while the client reads nothing, a little, or leaves.
 */
class NativeSseDialectTest {

    private final TestSource provider = new TestSource();
    private final ManualReader<HttpObject> client = new ManualReader<>();

    private void open() {
        final HttpResponse response = SseResponder.respond(provider, NativeSseDialect.INSTANCE,
                                                           ImmediateEventExecutor.INSTANCE);
        response.subscribe(client, ImmediateEventExecutor.INSTANCE);
    }

    @Test
    void asksForTheNextPieceOnlyOnceTheClientTookThePrevious() {
        open();
        assertThat(provider.requested()).as("the first piece is asked for at once").isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            provider.write(piece("word" + i + ' ')); // a provider that ignores demand, to count what is pulled
        }
        assertThat(provider.requested()).as("the client has read nothing yet").isEqualTo(1);

        client.request(1); // the status line
        assertThat(provider.requested()).as("the first event is still unread").isEqualTo(1);
        client.request(1); // the first event
        assertThat(provider.requested()).isEqualTo(2);
        assertThat(((HttpData) client.received().get(1)).toStringUtf8()).startsWith("data: {").contains("word0 ");

        client.request(3);
        assertThat(provider.requested()).as("one more piece per event read").isEqualTo(5);
        assertThat(client.received()).hasSize(5);
    }

    @Test
    void aClientThatLeavesMidStreamCancelsTheProvider() {
        open();
        provider.write(piece("first"));
        client.request(2);
        assertThat(provider.whenComplete()).isNotDone();

        client.cancel(); // the relay waits for the provider's next piece: no write is pending to notice it

        assertThat(provider.whenComplete()).isCompletedExceptionally();
        assertThat(provider.whenComplete().handle((unused, cause) -> cause).join())
                .isInstanceOf(CancelledSubscriptionException.class);
    }

    @Test
    void aClientThatLeavesBeforeReadingCancelsTheProvider() {
        open();
        provider.write(piece("first")); // written to the response, waiting for the client
        client.cancel();
        assertThat(provider.whenComplete()).isCompletedExceptionally();
    }

    @Test
    void aFailureBeforeTheFirstPieceIsAnHttpErrorWithTheJsonError() {
        open();
        provider.abort(GatewayException.invalidArgument("model", "model is required"));
        client.request(10);

        assertThat(((ResponseHeaders) client.received().get(0)).status().code()).isEqualTo(400);
        assertThat(((ResponseHeaders) client.received().get(0)).contentType().isJson()).isTrue();
        assertThat(((HttpData) client.received().get(1)).toStringUtf8()).isEqualTo(
                "{\"code\":3,\"grpc-code\":\"INVALID_ARGUMENT\",\"message\":\"model is required\",\"details\":"
                + "[{\"@type\":\"type.googleapis.com/jsonapi.v1.ErrorDetail\",\"reason\":\"invalid_argument\","
                + "\"field\":\"model\"}]}");
        assertThat(client.completed()).isTrue();
    }

    @Test
    void aFailureAfterTheFirstPieceIsAnErrorEventThenTheEnd() {
        open();
        provider.write(piece("first"));
        client.request(2);
        provider.abort(new GatewayException(dev.llmg.spi.ErrorKind.UNAVAILABLE, "provider_unavailable",
                                            "the provider went away"));
        client.request(10);

        assertThat(((ResponseHeaders) client.received().get(0)).status().code()).isEqualTo(200);
        assertThat(((HttpData) client.received().get(2)).toStringUtf8())
                .startsWith("event: error\ndata: {\"code\":14,\"grpc-code\":\"UNAVAILABLE\",")
                .contains("the provider went away").endsWith("}\n\n");
        assertThat(client.completed()).isTrue();
    }

    @Test
    void aStreamThatEndsWellEndsWithADoneEvent() {
        open();
        provider.write(piece("only"));
        provider.close();
        client.request(10);

        assertThat(client.received()).hasSize(3);
        assertThat(((ResponseHeaders) client.received().get(0)).contentType().toString())
                .startsWith("text/event-stream");
        assertThat(((HttpData) client.received().get(2)).toStringUtf8()).isEqualTo("event: done\ndata: {}\n\n");
        assertThat(client.completed()).isTrue();
    }
}
