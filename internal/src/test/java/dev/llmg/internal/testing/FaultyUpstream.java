package dev.llmg.internal.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;

/**
 * An OpenAI-compatible provider on loopback that misbehaves as the test scripts it, for unary and streamed
 * ({@code "stream": true}, Server-Sent Events) chat completions at {@code POST /v1/chat/completions}.
 *
 * <p>Each request takes the next {@link Fault} from a queue ({@link #next}) or, once the queue is empty,
 * from a repeating pattern ({@link #pattern}, {@link #always}; by default every request is answered well).
 * A good answer says {@code Hello from NAME}, so a test can tell which upstream answered, and its request
 * id ({@code x-request-id}) is {@code NAME-N} for the N-th request. The upstream remembers every request it
 * received (its body, whether it was streamed, when it came and the fault it got), so tests can count the
 * requests per upstream and per fault.
 *
 * <p>A refused connection cannot be answered by a server that listens: {@link #refusingBaseUrl()} gives an
 * address nobody listens on.
 */
public final class FaultyUpstream extends ServerExtension {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Queue<Fault> queued = new ConcurrentLinkedQueue<>();
    private final AtomicLong patternPosition = new AtomicLong();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile List<Fault> pattern = List.of(Fault.ok());

    /**
     * One request as the upstream received it.
     *
     * @param fault how it was answered
     * @param body the request's body
     * @param streamed whether it asked for a stream
     * @param atNanos when it arrived, by {@link System#nanoTime()}
     * @param traceparent the W3C trace context it carried, or null
     */
    public record Received(Fault fault, String body, boolean streamed, long atNanos, String traceparent) {}

    /** Creates an upstream whose answers and request ids carry {@code name}. */
    public FaultyUpstream(String name) {
        this.name = requireNonNull(name, "name");
    }

    /** Returns the upstream's name. */
    public String name() {
        return name;
    }

    /** Returns the text of this upstream's good answer, {@code Hello from NAME}. */
    public String answer() {
        return answerOf(name);
    }

    /** Returns the text of the good answer of the upstream named {@code name}. */
    public static String answerOf(String name) {
        return "Hello from " + name;
    }

    /** Returns the base URL of its OpenAI API, for a provider's {@code base_url}. */
    public String baseUrl() {
        return httpUri() + "/v1";
    }

    /**
     * Returns a base URL on loopback where nobody listens, so that connecting is refused: the port was free a
     * moment ago and is closed again.
     */
    public static String refusingBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the YAML of an {@code openai} provider named {@code provider} that calls this upstream. */
    public String providerYaml(String provider) {
        return providerYaml(provider, baseUrl());
    }

    /** Returns the YAML of an {@code openai} provider named {@code provider} that calls {@code baseUrl}. */
    public static String providerYaml(String provider, String baseUrl) {
        return String.join("\n",
                "  " + provider + ":",
                "    type: openai",
                "    base_url: " + baseUrl,
                "    api_key: sk-test-" + provider,
                "");
    }

    /** Queues faults for the next requests, in order, before the pattern resumes. */
    public FaultyUpstream next(Fault... faults) {
        queued.addAll(List.of(faults));
        return this;
    }

    /** Answers every request that the queue does not with {@code fault}. */
    public FaultyUpstream always(Fault fault) {
        return pattern(fault);
    }

    /** Answers the requests that the queue does not with {@code faults} in turn, repeating them. */
    public FaultyUpstream pattern(Fault... faults) {
        if (faults.length == 0) {
            throw new IllegalArgumentException("a pattern needs at least one fault");
        }
        patternPosition.set(0);
        pattern = List.of(faults);
        return this;
    }

    /** Forgets the script and the requests received: every request is answered well again. */
    public void reset() {
        queued.clear();
        pattern = List.of(Fault.ok());
        patternPosition.set(0);
        received.clear();
    }

    /** Returns how many requests it received. */
    public int requests() {
        return received.size();
    }

    /** Returns how many requests it answered with {@code fault}. */
    public int requests(Fault fault) {
        return (int) received.stream().filter(request -> request.fault().equals(fault)).count();
    }

    /** Returns every request it received, in order. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Returns the body of the last request it received. */
    public String lastRequestBody() {
        if (received.isEmpty()) {
            throw new IllegalStateException(name + " has received no request");
        }
        return received.get(received.size() - 1).body();
    }

    /** Waits until it has received {@code count} requests; returns false if that took longer than {@code timeout}. */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    /** Returns the upstream's name and the faults of the requests it received, for test output. */
    @Override
    public String toString() {
        return name + received.stream().map(request -> request.fault().toString())
                              .collect(Collectors.joining(", ", " [", "]"));
    }

    @Override
    protected void configure(ServerBuilder sb) {
        sb.requestTimeoutMillis(0); // a slow answer is the test's choice, not the upstream's timeout
        sb.gracefulShutdownTimeoutMillis(0, 0); // nothing in flight is worth waiting for when the test is over
        sb.service("/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                req.aggregate().thenApply(request -> answer(ctx, request.contentUtf8(),
                                                            request.headers().get("traceparent")))));
    }

    private Fault take() {
        final Fault fault = queued.poll();
        if (fault != null) {
            return fault;
        }
        final List<Fault> faults = pattern;
        return faults.get((int) (patternPosition.getAndIncrement() % faults.size()));
    }

    private HttpResponse answer(ServiceRequestContext ctx, String body, String traceparent) {
        final Fault fault = take();
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            request = JSON.createObjectNode();
        }
        final boolean streamed = request.path("stream").asBoolean(false);
        final boolean usage = request.path("stream_options").path("include_usage").asBoolean(false);
        final String model = request.path("model").asText("unknown");
        received.add(new Received(fault, body, streamed, System.nanoTime(), traceparent));
        final String id = name + '-' + received.size();
        final Supplier<HttpResponse> response = () -> respond(fault, id, model, streamed, usage);
        return fault.delay().isZero() ? response.get()
                                      : HttpResponse.delayed(response, fault.delay(), ctx.eventLoop());
    }

    private HttpResponse respond(Fault fault, String id, String model, boolean streamed, boolean usage) {
        switch (fault.kind()) {
            case OK:
                if (streamed) {
                    return HttpResponse.of(streamHeaders(id),
                                           StreamMessage.of(events(id, model, usage).toArray(new HttpData[0])));
                }
                return HttpResponse.of(jsonHeaders(HttpStatus.OK, id).build(), HttpData.ofUtf8(completion(id, model)));
            case STATUS:
                return error(fault, id);
            case RESET: {
                final HttpResponseWriter nothing = HttpResponse.streaming();
                nothing.abort(); // before the headers: the client sees the stream reset, with no status
                return nothing;
            }
            default:
                return cut(fault, id, model, streamed);
        }
    }

    /** Sends the status and part of the answer, then resets the stream once those bytes have gone out. */
    private HttpResponse cut(Fault fault, String id, String model, boolean streamed) {
        final HttpResponseWriter response = HttpResponse.streaming();
        if (streamed) {
            response.write(streamHeaders(id));
            final List<HttpData> events = events(id, model, false);
            for (int i = 0; i < fault.pieces(); i++) {
                response.write(events.get(i));
            }
        } else {
            final String whole = completion(id, model);
            response.write(jsonHeaders(HttpStatus.OK, id).build());
            response.write(HttpData.ofUtf8(whole.substring(0, whole.length() / 2)));
        }
        response.whenConsumed().thenRun(response::abort);
        return response;
    }

    private HttpResponse error(Fault fault, String id) {
        final HttpStatus status = HttpStatus.valueOf(fault.status());
        final ResponseHeadersBuilder headers = jsonHeaders(status, id);
        if (fault.retryAfter() != null) {
            headers.add("retry-after", fault.retryAfter());
        }
        if (fault.retryAfterMs() != null) {
            headers.add("retry-after-ms", fault.retryAfterMs());
        }
        return HttpResponse.of(headers.build(), HttpData.ofUtf8(errorBody(fault.status())));
    }

    /** Returns the error body a provider sends with {@code status}: OpenAI's shape, Anthropic's for 529. */
    private String errorBody(int status) {
        switch (status) {
            case 400:
                return openAiError("Invalid value for 'temperature': it must be at most 2 (" + name + ')',
                                   "invalid_request_error", "\"temperature\"", "\"invalid_value\"");
            case 401:
                return openAiError("Incorrect API key provided (" + name + ')', "invalid_request_error", "null",
                                   "\"invalid_api_key\"");
            case 429:
                return openAiError("Rate limit reached for requests (" + name + ')', "requests", "null",
                                   "\"rate_limit_exceeded\"");
            case 529:
                return "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded ("
                       + name + ")\"}}";
            default:
                return openAiError("The server had an error while processing your request (" + name + ", HTTP "
                                   + status + ')', "server_error", "null", "null");
        }
    }

    private static String openAiError(String message, String type, String param, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":" + param
               + ",\"code\":" + code + "}}";
    }

    private String completion(String id, String model) {
        return "{\"id\":\"chatcmpl-" + id + "\",\"object\":\"chat.completion\",\"created\":1755690953,"
               + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
               + "\"content\":\"" + answer() + "\"},\"finish_reason\":\"stop\"}],"
               + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}";
    }

    /** Returns the events of a good stream: the answer in {@value Fault#ANSWER_PIECES} pieces, a finish, [DONE]. */
    private List<HttpData> events(String id, String model, boolean usage) {
        final List<HttpData> events = new ArrayList<>();
        events.add(chunk(id, model, "{\"role\":\"assistant\",\"content\":\"Hello\"}", null));
        events.add(chunk(id, model, "{\"content\":\" from\"}", null));
        events.add(chunk(id, model, "{\"content\":\" " + name + "\"}", null));
        events.add(chunk(id, model, "{}", "\"stop\""));
        if (usage) {
            events.add(HttpData.ofUtf8("data: {\"id\":\"chatcmpl-" + id + "\",\"object\":\"chat.completion.chunk\","
                                       + "\"created\":1755690953,\"model\":\"" + model + "\",\"choices\":[],"
                                       + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,"
                                       + "\"total_tokens\":12}}\n\n"));
        }
        events.add(HttpData.ofUtf8("data: [DONE]\n\n"));
        return events;
    }

    private static HttpData chunk(String id, String model, String delta, String finishReason) {
        return HttpData.ofUtf8("data: {\"id\":\"chatcmpl-" + id + "\",\"object\":\"chat.completion.chunk\","
                               + "\"created\":1755690953,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,"
                               + "\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n");
    }

    private static ResponseHeaders streamHeaders(String id) {
        return ResponseHeaders.builder(HttpStatus.OK).contentType(MediaType.EVENT_STREAM).add("x-request-id", id)
                              .build();
    }

    private static ResponseHeadersBuilder jsonHeaders(HttpStatus status, String id) {
        return ResponseHeaders.builder(status).contentType(MediaType.JSON).add("x-request-id", id);
    }
}
