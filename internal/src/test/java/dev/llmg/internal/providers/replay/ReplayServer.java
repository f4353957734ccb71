package dev.llmg.internal.providers.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * Plays an OpenAI-compatible server on loopback that answers with recorded fixtures and remembers what it
 * was sent.
 *
 * <p>A provider pointed at {@link #baseUri(String, String)} gets, for {@code POST .../chat/completions}, the
 * recorded status, content type, notable headers and body of that fixture. Event-stream bodies are sent in
 * small odd-sized chunks so that events (and multi-byte characters) straddle chunk boundaries, as they may on
 * a real network. Test classes add their own routes for synthetic behaviour.
 */
public final class ReplayServer extends ServerExtension {

    private static final int SSE_CHUNK_BYTES = 61;
    /** Bedrock's binary event stream, chunked like SSE so that frames straddle chunks. */
    private static final MediaType AWS_EVENT_STREAM = MediaType.parse("application/vnd.amazon.eventstream");

    private final String root;
    private final Consumer<ServerBuilder> extraRoutes;
    private final Map<String, BlockingQueue<ReceivedRequest>> received = new ConcurrentHashMap<>();

    public ReplayServer() {
        this(sb -> {});
    }

    public ReplayServer(Consumer<ServerBuilder> extraRoutes) {
        this("openai", extraRoutes);
    }

    /** Creates a server that replays the fixtures under {@code /fixtures/{root}/}, e.g. {@code anthropic}. */
    public ReplayServer(String root, Consumer<ServerBuilder> extraRoutes) {
        this.root = root;
        this.extraRoutes = extraRoutes;
    }

    @Override
    protected void configure(ServerBuilder sb) {
        // Any path below the fixture's root answers with it: /v1/chat/completions, /v1/messages, Azure's
        // /openai/deployments/{d}/chat/completions; tests check the path the client chose.
        sb.serviceUnder("/replay/", (ctx, req) -> HttpResponse.of(
                req.aggregate().thenApply(request -> {
                    final String[] segments = ctx.mappedPath().split("/");
                    final String folder = segments[1];
                    final String name = segments[2];
                    remember(folder + '/' + name, request);
                    return replay(root, folder, name);
                })));
        extraRoutes.accept(sb);
    }

    /** Returns the API root that replays the named fixture. */
    public URI baseUri(String folder, String name) {
        return httpUri().resolve("/replay/" + folder + '/' + name + "/v1");
    }

    /** Returns the API root of one of the extra routes, e.g. {@code /stall/v1}. */
    public URI baseUri(String root) {
        return httpUri().resolve(root);
    }

    /** Stores a request that a route received, under a key the test can ask for. */
    public void remember(String key, AggregatedHttpRequest request) {
        received.computeIfAbsent(key, unused -> new LinkedBlockingQueue<>())
                .add(new ReceivedRequest(request.headers(), request.contentUtf8()));
    }

    /** Returns the oldest request received for the fixture that no test has taken yet. */
    public ReceivedRequest takeRequest(String folder, String name) {
        return takeRequest(folder + '/' + name);
    }

    /** Returns the oldest request remembered under the key that no test has taken yet. */
    public ReceivedRequest takeRequest(String key) {
        try {
            final ReceivedRequest request = received.computeIfAbsent(key, unused -> new LinkedBlockingQueue<>())
                                                    .poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a request for %s", key).isNotNull();
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Builds the recorded response of a fixture. */
    public static HttpResponse replay(String folder, String name) {
        return replay("openai", folder, name);
    }

    /** Builds the recorded response of a fixture under {@code /fixtures/{root}/}. */
    public static HttpResponse replay(String root, String folder, String name) {
        final ResponseHeaders headers = Fixtures.responseHeaders(root, folder, name);
        final byte[] body = Fixtures.responseBody(root, folder, name);
        final MediaType contentType = headers.contentType();
        if (contentType == null || !contentType.is(MediaType.EVENT_STREAM) && !contentType.is(AWS_EVENT_STREAM)) {
            return HttpResponse.of(headers, HttpData.wrap(body));
        }
        return HttpResponse.of(headers, StreamMessage.of(chunks(body, SSE_CHUNK_BYTES)));
    }

    /** Cuts bytes into chunks of the given size. */
    public static HttpData[] chunks(byte[] body, int size) {
        final List<HttpData> chunks = new ArrayList<>();
        for (int start = 0; start < body.length; start += size) {
            chunks.add(HttpData.wrap(Arrays.copyOfRange(body, start, Math.min(body.length, start + size))));
        }
        return chunks.toArray(new HttpData[0]);
    }

    /** A request as the replay server received it. */
    public record ReceivedRequest(RequestHeaders headers, String body) {

        /** Parses the body as JSON. */
        public JsonNode json() {
            try {
                return Fixtures.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
