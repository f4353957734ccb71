package dev.llmg.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.google.protobuf.util.JsonFormat;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;

import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;

/**
 * Calls {@code POST /api/v1/chat/completions:stream} and reads the events one by one as they arrive, asking
 * the connection for more bytes only while the test allows more events, so it can play a slow reader.
 */
final class SseReader implements Subscriber<HttpObject> {

    /** The path; built into the request by hand, since WebClient would read {@code :stream} as a parameter. */
    static final String PATH = "/api/v1/chat/completions:stream";

    /** Holds one event: its name ({@code message} when none was given) and its data. */
    record Event(String name, String data) {

        /** Parses the data as a stream piece. */
        StreamChatCompletionResponse piece() {
            final StreamChatCompletionResponse.Builder piece = StreamChatCompletionResponse.newBuilder();
            try {
                JsonFormat.parser().merge(data, piece);
            } catch (Exception e) {
                throw new AssertionError("not a stream piece: " + data, e);
            }
            return piece.build();
        }
    }

    private static final Event END = new Event("", "");

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<ResponseHeaders> headers = new CompletableFuture<>();
    private final StringBuilder pending = new StringBuilder();
    private volatile Subscription subscription;
    private volatile long allowed = Long.MAX_VALUE;
    private long seen;

    private SseReader() {}

    /** Posts {@code json} with the given content type and starts reading. */
    static SseReader post(URI gateway, MediaType type, String json) {
        final SseReader reader = new SseReader();
        final WebClient client = WebClient.builder(gateway).responseTimeoutMillis(0).maxResponseLength(0).build();
        client.execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, PATH).contentType(type).build(),
                                      HttpData.ofUtf8(json)))
              .subscribe(reader);
        return reader;
    }

    /** Posts {@code body} with the given content type and returns the whole response. */
    static AggregatedHttpResponse postWhole(URI gateway, MediaType type, String body) {
        return WebClient.of(gateway).execute(HttpRequest.of(RequestHeaders.builder(HttpMethod.POST, PATH)
                                                                          .contentType(type).build(),
                                                            HttpData.ofUtf8(body)))
                        .aggregate().join();
    }

    /** Posts a chat request as JSON and starts reading. */
    static SseReader post(URI gateway, String json) {
        return post(gateway, MediaType.JSON_UTF_8, json);
    }

    /** Reads no further than {@code count} events in all, as a client that stops reading. */
    SseReader readAtMost(long count) {
        allowed = count;
        return this;
    }

    /** Returns the response headers. */
    ResponseHeaders headers() {
        return headers.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Returns the next event, failing if none comes within 10 s or the stream ended. */
    Event next() {
        final Event event;
        try {
            event = events.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(event).as("an event within 10 s").isNotNull();
        assertThat(event).as("an event before the end of the stream").isNotSameAs(END);
        return event;
    }

    /** Returns every remaining event, until the response ends. */
    List<Event> rest() {
        final List<Event> rest = new ArrayList<>();
        while (true) {
            final Event event;
            try {
                event = events.poll(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(event).as("the stream ends within 10 s; so far " + rest).isNotNull();
            if (event == END) {
                return rest;
            }
            rest.add(event);
        }
    }

    /** Closes the connection, as a client that goes away. */
    void cancel() {
        subscription.cancel();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public synchronized void onNext(HttpObject object) {
        if (object instanceof ResponseHeaders) {
            if (!((ResponseHeaders) object).status().isInformational()) {
                headers.complete((ResponseHeaders) object);
            }
        } else if (object instanceof HttpData) {
            pending.append(((HttpData) object).toString(StandardCharsets.UTF_8));
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                events.add(parse(pending.substring(0, end)));
                pending.delete(0, end + 2);
                seen++;
            }
        }
        if (seen < allowed) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable cause) {
        headers.completeExceptionally(cause);
        events.add(END);
    }

    @Override
    public void onComplete() {
        events.add(END);
    }

    private static Event parse(String block) {
        String name = "message";
        final StringBuilder data = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(6));
            }
        }
        return new Event(name, data.toString());
    }
}
