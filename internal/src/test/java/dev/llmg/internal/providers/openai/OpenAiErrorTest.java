package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.user;
import static dev.llmg.internal.providers.openai.OpenAiCompleteTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.server.ServerBuilder;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;
import dev.llmg.internal.providers.replay.Fixtures;
import dev.llmg.internal.providers.replay.ReplayServer;
import dev.llmg.internal.providers.replay.JsonTrees;
import dev.llmg.internal.providers.replay.Chat;
import dev.llmg.internal.providers.replay.PieceSubscriber;

/**
 * Checks that every way a call can fail reaches the caller as a {@link ProviderException} that keeps what the
 * provider said: recorded OpenAI errors, synthetic ones for what no recording shows (Retry-After, HTML bodies,
 * errors inside a stream), and failures of the connection itself.
 */
class OpenAiErrorTest {

    private static final String OVERLOADED =
            "{\"error\":{\"message\":\"The engine is currently overloaded, please try again later\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    private static final String STREAM_SERVER_ERROR =
            "The server had an error while processing your request. Sorry about that!";
    private static final String FIRST_CHUNK =
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"completion.chunk\",\"created\":1,\"model\":\"gpt-4o\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"},"
            + "\"finish_reason\":null}]}\n\n";

    @RegisterExtension
    static final ReplayServer server = new ReplayServer(OpenAiErrorTest::syntheticRoutes);

    private static void syntheticRoutes(ServerBuilder sb) {
        sb.service("/synthetic/status/{code}/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                HttpStatus.valueOf(Integer.parseInt(ctx.pathParam("code"))), MediaType.JSON, OVERLOADED));
        sb.service("/synthetic/retry-after-seconds/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(503).contentType(MediaType.JSON).add("retry-after", "7")
                               .add("x-request-id", "req_synthetic_503").build(),
                HttpData.ofUtf8(OVERLOADED)));
        sb.service("/synthetic/retry-after-ms/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(429).contentType(MediaType.JSON).add("retry-after-ms", "1500")
                               .add("retry-after", "2").build(),
                HttpData.ofUtf8("{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
                                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")));
        sb.service("/synthetic/should-not-retry/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.builder(500).contentType(MediaType.JSON).add("x-should-retry", "false").build(),
                HttpData.ofUtf8(OVERLOADED)));
        sb.service("/synthetic/html-502/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                HttpStatus.BAD_GATEWAY, MediaType.HTML_UTF_8,
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
                + "</body>\r\n</html>"));
        sb.service("/synthetic/echo-key/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                HttpStatus.UNAUTHORIZED, MediaType.JSON,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"code\":\"invalid_api_key\"}}"));
        sb.service("/synthetic/plain-text-200/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "OK"));
        sb.service("/synthetic/error-with-200/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                HttpStatus.OK, MediaType.JSON,
                "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\",\"code\":503}}"));
        sb.service("/synthetic/error-in-stream/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM),
                StreamMessage.of(HttpData.ofUtf8(FIRST_CHUNK), HttpData.ofUtf8(
                        "data: {\"error\":{\"message\":\"" + STREAM_SERVER_ERROR + "\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":null}}\n\n"))));
        sb.service("/synthetic/event-error/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM),
                StreamMessage.of(HttpData.ofUtf8(
                        "event: error\ndata: {\"message\":\"rate limited\",\"type\":\"rate_limit_error\"}\n\n"))));
        sb.service("/synthetic/bad-chunk/v1/chat/completions", (ctx, req) -> HttpResponse.of(
                ResponseHeaders.of(HttpStatus.OK, "content-type", MediaType.EVENT_STREAM),
                StreamMessage.of(HttpData.ofUtf8("data: {not json\n\n"))));
        sb.service("/never/v1/chat/completions", (ctx, req) -> {
            ctx.clearRequestTimeout(); // Only the client's timeout may end this call.
            return HttpResponse.of(new CompletableFuture<HttpResponse>());
        });
    }

    @Test
    void invalidApiKey() {
        final ProviderException error = failure(replayed("openai", "error-401-invalid-api-key"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(error.provider()).isEqualTo("openai");
        assertThat(error.reason()).isEqualTo("invalid_api_key");
        assertThat(error.getMessage()).isEqualTo(
                "Incorrect API key provided: invalid-*****2345. You can find your API key at "
                + "https://platform.openai.com/account/api-keys.");
        assertThat(error.field()).isEmpty();
        assertThat(error.providerStatus()).isEqualTo(401);
        assertThat(error.providerRequestId()).isEqualTo("req_1963efc19b3b4865af98403581d580af");
        assertThat(error.retryAfter()).isEmpty();
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void invalidApiKeyWhileStreaming() {
        final ProviderException error = streamFailure(stream(server.baseUri("openai", "error-401-invalid-api-key")));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(error.reason()).isEqualTo("invalid_api_key");
        assertThat(error.providerRequestId()).isEqualTo("req_1963efc19b3b4865af98403581d580af");
    }

    @Test
    void rateLimitOnTokensPerMinute() {
        final ProviderException error = failure(replayed("openai", "error-429-rate-limit-tpm"));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.reason()).isEqualTo("rate_limit_exceeded");
        assertThat(error.getMessage()).startsWith("Request too large for gpt-5-nano in organization");
        assertThat(error.providerStatus()).isEqualTo(429);
        assertThat(error.providerRequestId()).as("as recorded (a placeholder)").isEqualTo("<X_REQUEST_ID>");
        assertThat(error.retryAfter()).as("OpenAI sent no Retry-After").isEmpty();
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void unknownModel() {
        final ProviderException error = failure(replayed("openai", "chat-unknown-model"));

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.reason()).isEqualTo("model_not_found");
        assertThat(error.getMessage())
                .isEqualTo("The model `gpt-4.1-nano-wrong` does not exist or you do not have access to it.");
        assertThat(error.providerRequestId()).isEqualTo("req_ae3c59cd7df34e978057035f370e04be");
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void unknownModelWhileStreaming() {
        final ProviderException error = streamFailure(stream(server.baseUri("openai", "chat-unknown-model")));

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.reason()).isEqualTo("model_not_found");
    }

    @Test
    void badRequestNamesTheParameter() {
        final OpenAiProvider provider = provider(server.baseUri("openai", "chat-bad-request"));
        final ProviderException error = failure(provider.complete(ChatRequest.newBuilder()
                .setModel("gpt-5-nano")
                .addMessages(Message.newBuilder().setRole(Role.ROLE_USER))
                .setMaxTokens(0)
                .setTemperature(-0.5)
                .build(), Attempt.unlimited()));

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(error.reason()).isEqualTo("unsupported_parameter");
        assertThat(error.field()).isEqualTo("max_tokens");
        assertThat(error.getMessage()).startsWith("Unsupported parameter: 'max_tokens' is not supported");
        assertThat(error.providerRequestId()).isEqualTo("req_13d9b359dc234adc87be3833cacab1c6");
        // The recording shows why llmg sends max_completion_tokens; an empty message goes out as "" not null.
        final JsonNode sent = server.takeRequest("openai", "chat-bad-request").json();
        assertThat(JsonTrees.diff(JsonTrees.asLlmgWouldSendIt(Fixtures.json("openai", "chat-bad-request.request.json")),
                                  sent))
                .containsExactly("$.messages[0].content: expected null but was \"\"");
    }

    @Test
    void errorWithoutParam() {
        final ProviderException error = failure(replayed("edge-cases", "openai-error-missing-param"));

        assertThat(error.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(error.reason()).isEqualTo("model_not_found");
        assertThat(error.field()).isEmpty();
        assertThat(error.getMessage()).isEqualTo("The model does not exist.");
    }

    @ParameterizedTest
    @CsvSource({
            "400, INVALID_ARGUMENT, false", "401, UNAUTHENTICATED, false", "403, PERMISSION_DENIED, false",
            "404, NOT_FOUND, false", "408, TIMEOUT, true", "409, UNAVAILABLE, true", "413, INVALID_ARGUMENT, false",
            "418, INTERNAL, false", "422, INVALID_ARGUMENT, false", "429, RATE_LIMITED, true",
            "500, UNAVAILABLE, true", "502, UNAVAILABLE, true", "503, UNAVAILABLE, true", "504, TIMEOUT, true",
            "529, UNAVAILABLE, true"
    })
    void statusCodesMapToKinds(int status, ErrorKind kind, boolean retryable) {
        final ProviderException error = failure(synthetic("/synthetic/status/" + status + "/v1"));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.retryable()).isEqualTo(retryable);
        assertThat(error.providerStatus()).isEqualTo(status);
        assertThat(error.reason()).isEqualTo("server_error");
        assertThat(error.getMessage()).isEqualTo("The engine is currently overloaded, please try again later");
    }

    @Test
    void retryAfterInSeconds() {
        final ProviderException error = failure(synthetic("/synthetic/retry-after-seconds/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(error.providerRequestId()).isEqualTo("req_synthetic_503");
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void retryAfterMillisecondsWinsOverSeconds() {
        final ProviderException error = failure(synthetic("/synthetic/retry-after-ms/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void shouldRetryHeaderOverridesTheStatus() {
        final ProviderException error = failure(synthetic("/synthetic/should-not-retry/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.retryable()).isFalse();
    }

    @Test
    void nonJsonErrorBodyStillGivesAClearMessage() {
        final ProviderException error = failure(synthetic("/synthetic/html-502/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.reason()).isEqualTo("http_502");
        assertThat(error.getMessage()).startsWith("openai answered HTTP 502 Bad Gateway with a non-JSON body: <html>")
                                      .contains("cloudflare")
                                      .doesNotContain("\r", "\n");
    }

    @Test
    void neverRepeatsTheApiKey() {
        final ProviderException error = failure(synthetic("/synthetic/echo-key/v1"));

        assertThat(error.getMessage()).isEqualTo("Incorrect API key provided: <redacted>");
        assertThat(error.toString()).doesNotContain(KEY);
    }

    @Test
    void successThatIsNotJson() {
        final ProviderException error = failure(synthetic("/synthetic/plain-text-200/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(error.reason()).isEqualTo("invalid_response");
        assertThat(error.providerStatus()).isEqualTo(200);
    }

    @Test
    void errorObjectWithA200() {
        final ProviderException error = failure(synthetic("/synthetic/error-with-200/v1"));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.reason()).as("a numeric code says less than the type").isEqualTo("server_error");
        assertThat(error.getMessage()).isEqualTo("model overloaded");
    }

    @Test
    void errorObjectAsJsonInsteadOfAStream() {
        final ProviderException error = streamFailure(stream(server.baseUri("/synthetic/error-with-200/v1")));

        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.getMessage()).isEqualTo("model overloaded");
    }

    @Test
    void wholeAnswerInsteadOfAStream() {
        final ProviderException error = streamFailure(stream(server.baseUri("openai", "chat-basic-wire")));

        assertThat(error.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(error.reason()).isEqualTo("invalid_response");
        assertThat(error.getMessage()).contains("instead of text/event-stream");
    }

    @Test
    void errorObjectInsideTheStreamEndsItAfterThePiecesBefore() {
        final PieceSubscriber subscriber = new PieceSubscriber();
        stream(server.baseUri("/synthetic/error-in-stream/v1")).subscribe(subscriber);

        assertThat(subscriber.next().getChoices(0).getDelta().getContent()).isEqualTo("Hel");
        subscriber.requestAll();
        final Throwable end = subscriber.awaitEnd();
        assertThat(end).isInstanceOf(ProviderException.class);
        final ProviderException error = (ProviderException) end;
        assertThat(error.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(error.reason()).isEqualTo("server_error");
        assertThat(error.getMessage()).isEqualTo(STREAM_SERVER_ERROR);
        assertThat(error.providerStatus()).isEqualTo(200);
        assertThat(error.retryable()).isTrue();
    }

    @Test
    void errorEventInsideTheStream() {
        final ProviderException error = streamFailure(stream(server.baseUri("/synthetic/event-error/v1")));

        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(error.reason()).isEqualTo("rate_limit_error");
        assertThat(error.getMessage()).isEqualTo("rate limited");
    }

    @Test
    void chunkThatIsNotJson() {
        final ProviderException error = streamFailure(stream(server.baseUri("/synthetic/bad-chunk/v1")));

        assertThat(error.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(error.reason()).isEqualTo("invalid_response");
        assertThat(error.getMessage()).contains("{not json");
    }

    @Test
    void connectionRefused() throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // Free again once closed: nothing listens there.
        }
        final OpenAiProvider provider = provider(URI.create("http://127.0.0.1:" + port + "/v1"));

        final ProviderException unary = failure(provider.complete(request(), Attempt.unlimited()));
        assertThat(unary.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(unary.reason()).isEqualTo("connect_failed");
        assertThat(unary.providerStatus()).isZero();
        assertThat(unary.retryable()).isTrue();
        assertThat(unary.getMessage()).startsWith("could not reach openai");

        final ProviderException streamed = streamFailure(provider.stream(request(), Attempt.unlimited()));
        assertThat(streamed.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(streamed.reason()).isEqualTo("connect_failed");
    }

    @Test
    void responseTimeout() {
        final OpenAiProvider provider = new OpenAiProvider(
                OpenAiSettings.of("openai", server.baseUri("/never/v1"), KEY)
                              .withResponseTimeout(Duration.ofMillis(300)));

        final ProviderException error = failure(provider.complete(request(), Attempt.unlimited()));
        assertThat(error.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(error.reason()).isEqualTo("timeout");
        assertThat(error.retryable()).isTrue();

        assertThat(streamFailure(provider.stream(request(), Attempt.unlimited())).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    private static CompletableFuture<?> replayed(String folder, String fixture) {
        return provider(server.baseUri(folder, fixture)).complete(request(), Attempt.unlimited());
    }

    private static CompletableFuture<?> synthetic(String root) {
        return provider(server.baseUri(root)).complete(request(), Attempt.unlimited());
    }

    private static StreamMessage<StreamChatCompletionResponse> stream(URI baseUri) {
        return provider(baseUri).stream(request(), Attempt.unlimited());
    }

    private static OpenAiProvider provider(URI baseUri) {
        return new OpenAiProvider(OpenAiSettings.of("openai", baseUri, KEY));
    }

    private static ChatRequest request() {
        return ChatRequest.newBuilder().setModel("gpt-4o").addMessages(user("Hi")).build();
    }

    /** Returns the exception the future failed with, which must be the ProviderException itself. */
    static ProviderException failure(CompletableFuture<?> future) {
        final Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }

    /** Returns the exception the stream failed with, which must be a ProviderException. */
    static ProviderException streamFailure(StreamMessage<StreamChatCompletionResponse> stream) {
        return failure(stream.collect());
    }
}
