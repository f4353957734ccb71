package dev.llmg.internal.providers.openai;

import static dev.llmg.internal.providers.replay.Chat.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.testing.Fault;
import dev.llmg.internal.testing.FaultyUpstream;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Every fault the {@link FaultyUpstream} plays, as the OpenAI provider reports it: what routing's failure
 * table decides on (the kind, the provider's status, its Retry-After, whether it may be retried), and that a
 * stream cut before its first piece shows no piece while one cut after it shows exactly that many. It is also
 * the fixture's own test: its scripting, its counts and what it names in its answers.
 */
class OpenAiFaultsTest {

    @RegisterExtension
    static final FaultyUpstream upstream = new FaultyUpstream("east");

    private static final ChatRequest REQUEST =
            ChatRequest.newBuilder().setModel("gpt-4o-mini").addMessages(user("hi")).build();

    @BeforeEach
    void freshUpstream() {
        upstream.reset();
    }

    @Test
    void aGoodAnswerNamesTheUpstreamUnaryAndStreamed() throws Exception {
        assertThat(provider().complete(REQUEST, Attempt.unlimited()).get(10, TimeUnit.SECONDS)
                             .getChoices(0).getMessage().getContent(0).getText()).isEqualTo("Hello from east");
        final Ending streamed = stream();
        assertThat(streamed.failure).isNull();
        assertThat(streamed.text()).isEqualTo(upstream.answer());
        assertThat(upstream.requests()).isEqualTo(2);
        assertThat(upstream.received()).extracting(FaultyUpstream.Received::streamed).containsExactly(false, true);
        assertThat(upstream.lastRequestBody()).contains("\"stream\":true", "gpt-4o-mini");
    }

    @Test
    void httpErrorsCarryTheirStatusRetryAfterAndKind() {
        upstream.next(Fault.status(429).retryAfter("1"), Fault.status(429).retryAfterMs("250"), Fault.status(429),
                      Fault.status(500), Fault.status(503), Fault.status(529), Fault.status(401), Fault.status(400));

        final ProviderException retryAfter = unaryFailure();
        assertThat(retryAfter.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(retryAfter.providerStatus()).isEqualTo(429);
        assertThat(retryAfter.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(retryAfter.providerRequestId()).isEqualTo("east-1");
        assertThat(unaryFailure().retryAfter()).contains(Duration.ofMillis(250));
        final ProviderException noRetryAfter = unaryFailure();
        assertThat(noRetryAfter.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(noRetryAfter.retryAfter()).isEmpty();
        for (int status : new int[] { 500, 503, 529 }) {
            final ProviderException failure = unaryFailure();
            assertThat(failure.kind()).as("HTTP %d", status).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(failure.providerStatus()).isEqualTo(status);
            assertThat(failure.retryable()).isTrue();
        }
        assertThat(unaryFailure().kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        final ProviderException badRequest = unaryFailure();
        assertThat(badRequest.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(badRequest.field()).isEqualTo("temperature");

        assertThat(upstream.requests()).isEqualTo(8);
        assertThat(upstream.requests(Fault.status(429))).isEqualTo(1);
        assertThat(upstream.requests(Fault.status(503))).isEqualTo(1);
    }

    @Test
    void aResetOrACutUnaryAnswerIsALostConnection() {
        upstream.next(Fault.reset(), Fault.cutBeforeFirstPiece());
        for (int i = 0; i < 2; i++) {
            final ProviderException failure = unaryFailure();
            assertThat(failure.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(failure.reason()).isEqualTo("connection_lost");
            assertThat(failure.retryable()).isTrue();
        }
    }

    @Test
    void aStreamCutBeforeItsFirstPieceShowsNoPieceAndOneCutAfterItShowsThatMany() throws Exception {
        upstream.next(Fault.cutBeforeFirstPiece(), Fault.cutAfter(1), Fault.cutAfter(2), Fault.reset());

        final Ending before = stream();
        assertThat(before.pieces).isEmpty();
        assertThat(((ProviderException) before.failure).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        final Ending afterOne = stream();
        assertThat(afterOne.text()).isEqualTo("Hello");
        assertThat(((ProviderException) afterOne.failure).reason()).isEqualTo("connection_lost");
        assertThat(stream().text()).isEqualTo("Hello from");
        final Ending reset = stream();
        assertThat(reset.pieces).isEmpty();
        assertThat(((ProviderException) reset.failure).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void aSlowAnswerOutlastsAShortAttemptTimeout() {
        upstream.always(Fault.slow(Duration.ofSeconds(2)));
        final Throwable failure = catchThrowable(
                () -> provider().complete(REQUEST, Attempt.withTimeout(Duration.ofMillis(100))).join());
        assertThat(((ProviderException) failure.getCause()).kind()).isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void aRefusingAddressRefusesTheConnection() {
        final OpenAiProvider nobody = new OpenAiProvider(
                OpenAiSettings.of("nobody", URI.create(FaultyUpstream.refusingBaseUrl()), "sk-test"));
        final Throwable failure = catchThrowable(() -> nobody.complete(REQUEST, Attempt.unlimited()).join());
        final ProviderException refused = (ProviderException) failure.getCause();
        assertThat(refused.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(refused.reason()).isEqualTo("connect_failed");
        assertThat(refused.providerStatus()).isZero();
    }

    @Test
    void theQueueGoesFirstThenThePatternRepeats() {
        upstream.pattern(Fault.status(503), Fault.ok()).next(Fault.status(400));
        final List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            outcomes.add(provider().complete(REQUEST, Attempt.unlimited()).handle(
                    (answer, failure) -> failure == null ? "ok"
                                                         : String.valueOf(((ProviderException) failure)
                                                                                  .providerStatus())).join());
        }
        assertThat(outcomes).containsExactly("400", "503", "ok", "503", "ok");
        assertThat(upstream.requests(Fault.ok())).isEqualTo(2);
        assertThat(upstream.toString()).isEqualTo("east [400, 503, ok, 503, ok]");
    }

    private static OpenAiProvider provider() {
        return new OpenAiProvider(OpenAiSettings.of("east", URI.create(upstream.baseUrl()), "sk-test"));
    }

    private static ProviderException unaryFailure() {
        final Throwable failure = catchThrowable(() -> provider().complete(REQUEST, Attempt.unlimited()).join());
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(failure.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) failure.getCause();
    }

    private static Ending stream() throws Exception {
        final StreamMessage<StreamChatCompletionResponse> pieces = provider().stream(REQUEST, Attempt.unlimited());
        final Ending ending = new Ending();
        pieces.subscribe(ending);
        ending.done.get(10, TimeUnit.SECONDS);
        return ending;
    }

    /** Collects a stream's pieces and how it ended. */
    private static final class Ending implements Subscriber<StreamChatCompletionResponse> {
        final List<StreamChatCompletionResponse> pieces = new ArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Throwable failure;

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(StreamChatCompletionResponse piece) {
            pieces.add(piece);
        }

        @Override
        public void onError(Throwable cause) {
            failure = cause;
            done.complete(null);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        String text() {
            final StringBuilder text = new StringBuilder();
            for (StreamChatCompletionResponse piece : pieces) {
                if (piece.getChoicesCount() > 0) {
                    text.append(piece.getChoices(0).getDelta().getContent());
                }
            }
            return text.toString();
        }
    }
}
