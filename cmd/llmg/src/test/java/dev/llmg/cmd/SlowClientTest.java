package dev.llmg.cmd;

import static dev.llmg.cmd.TestGateway.ask;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.client.LlmgClient;

/**
 * Slow clients cannot hold connections: a request head that trickles in is cut after
 * {@code server.request_header_timeout}, an idle connection after {@code server.idle_timeout}, and a body
 * announced over {@code server.max_request_length} is refused before the client sends it. Streams that take
 * longer than all of these still finish.
 */
class SlowClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    /** Timers fire on a busy event loop on a shared machine: allow this much on top. */
    private static final Duration SLACK = Duration.ofMillis(1200);

    @RegisterExtension
    static final TestGateway gateway = new TestGateway(String.join("\n",
            "server:",
            "  max_request_length: 4KiB",
            "  request_header_timeout: " + HEADER_TIMEOUT.toMillis() + "ms",
            "  idle_timeout: " + IDLE_TIMEOUT.toMillis() + "ms",
            "providers:",
            "  slow: {type: simulator, chunks_per_second: 4}",
            "models:",
            "  - {name: slow-echo, provider: slow}",
            ""));

    @Test
    void headsThatTrickleInAreCutAfterTheHeaderTimeout() throws Exception {
        final int connections = 50;
        final ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            final List<Future<Boolean>> closed = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                closed.add(pool.submit(() -> {
                    try (RawHttp1 slow = new RawHttp1(gateway.httpPort())) {
                        slow.send("GET /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                        return trickledUntilClosed(slow);
                    }
                }));
            }
            for (Future<Boolean> each : closed) {
                assertThat(each.get()).as("closed within the header timeout").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSecondHeadThatTricklesInIsCutToo() throws Exception {
        try (RawHttp1 client = new RawHttp1(gateway.httpPort())) {
            client.send("GET /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            client.send("GET /api/v1/models HTTP/1.1\r\n");
            assertThat(trickledUntilClosed(client)).isTrue();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHeaderTimeout() throws Exception {
        try (RawHttp1 silent = new RawHttp1(gateway.httpPort())) {
            assertThat(silent.closedWithin(HEADER_TIMEOUT.plus(SLACK))).isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutNotBefore() throws Exception {
        try (RawHttp1 client = new RawHttp1(gateway.httpPort())) {
            client.send("GET /api/v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            final long start = System.nanoTime();
            assertThat(client.closedWithin(IDLE_TIMEOUT.plus(SLACK))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(HEADER_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void anExpectedBodyOverTheLimitIsRefusedWithoutContinue() throws Exception {
        for (String path : List.of("/api/v1/chat/completions", "/v1/chat/completions")) {
            try (RawHttp1 client = new RawHttp1(gateway.httpPort())) {
                client.send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + 11 * 1024 * 1024 + "\r\nExpect: 100-continue\r\n\r\n");
                final RawHttp1.Response response = client.read();
                assertThat(response.status()).as(path).isEqualTo(413);
                assertThat(response.body()).as(path).contains("max_request_length");
            }
        }
    }

    @Test
    void anExpectedBodyWithinTheLimitStillGetsContinue() throws Exception {
        final String body = JsonFormat.printer().print(ask("slow-echo", "hi"));
        try (RawHttp1 client = new RawHttp1(gateway.httpPort())) {
            client.send("POST /api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length()
                        + "\r\nExpect: 100-continue\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(100);
            client.send(body);
            assertThat(client.read().status()).isEqualTo(200);
        }
    }

    @Test
    void aGrpcStreamLongerThanTheTimeoutsFinishes() {
        final Iterator<StreamChatCompletionResponse> stream =
                LlmgClient.connect(gateway.httpUri()).stream(ask("slow-echo", longText()));
        final StringBuilder text = new StringBuilder();
        final long start = System.nanoTime();
        stream.forEachRemaining(piece -> piece.getChoicesList().forEach(
                choice -> text.append(choice.getDelta().getContent())));
        assertThat(text.toString()).isEqualTo(longText());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE_TIMEOUT);
    }

    @Test
    void anSseStreamOverHttp1LongerThanTheTimeoutsFinishes() throws Exception {
        final HttpRequest request = HttpRequest.of(
                RequestHeaders.builder(HttpMethod.POST, SseReader.PATH).contentType(MediaType.JSON_UTF_8).build(),
                HttpData.ofUtf8(JsonFormat.printer().print(ask("slow-echo", longText()))));
        final long start = System.nanoTime();
        final AggregatedHttpResponse response =
                WebClient.builder(SessionProtocol.H1C, gateway.httpEndpoint()).responseTimeoutMillis(0).build()
                         .execute(request).aggregate().join();
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentUtf8()).endsWith("event: done\ndata: {}\n\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(IDLE_TIMEOUT);
    }

    @Test
    void aQuietWebSocketOutlivesTheHeaderAndIdleTimeouts() throws Exception {
        final WsClient ws = WsClient.connect(gateway.httpUri());
        Thread.sleep(IDLE_TIMEOUT.plus(SLACK).toMillis());
        ws.send("{\"type\":\"ping\",\"id\":\"still\"}");
        assertThat(JSON.writeValueAsString(ws.next())).isEqualTo("{\"type\":\"pong\",\"id\":\"still\"}");
        ws.close();
    }

    /**
     * Sends one header byte every 200 ms, so that the connection is never idle, and returns whether the server
     * closed it within the header timeout.
     */
    private static boolean trickledUntilClosed(RawHttp1 slow) throws java.io.IOException {
        final long start = System.nanoTime();
        while (Duration.ofNanos(System.nanoTime() - start).compareTo(HEADER_TIMEOUT.plus(SLACK)) < 0) {
            try {
                slow.send("x");
            } catch (java.io.IOException e) {
                return true; // the server closed the connection
            }
            if (slow.closedWithin(Duration.ofMillis(200))) {
                return true;
            }
        }
        return false;
    }

    private static String longText() {
        // 16 words at 4 a second: longer than both timeouts.
        return "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen";
    }
}
