package dev.llmg.internal.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.linecorp.armeria.client.ClientFactory;

import dev.llmg.spi.Attempt;
import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.api.ErrorStatus;
import dev.llmg.internal.providers.anthropic.AnthropicProvider;
import dev.llmg.internal.providers.anthropic.AnthropicSettings;
import dev.llmg.internal.providers.azure.AzureEndpoints;
import dev.llmg.internal.providers.openai.OpenAiProvider;
import dev.llmg.internal.providers.openai.OpenAiSettings;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.ProviderException;

/**
 * Points real OpenAI, Azure and Anthropic clients at a provider that echoes their credential back in every
 * field and header it can ({@link CredentialEchoServer}), unary and streaming, and checks that the key is
 * in nothing a {@link ProviderException} carries: its message, reason, field, request id, cause chain (what
 * a log prints), or the status {@link ErrorStatus} makes of it for every surface.
 */
class EchoedCredentialsTest {

    static final String OPENAI_KEY = "sk-proj-Zx81bQk2LmN0pQrStUvWxYz0123456789abcdEF";
    static final String AZURE_KEY = "c0ffee4d2b9a4e6f8a1b3c5d7e9f0a2b";
    static final String ANTHROPIC_KEY = "sk-ant-api03-Qw3rTy_uIoP-aSdFgHjKl0987654321zXcVbNm-AA";

    private static final String[] PLACES =
            { "message", "param", "code", "type", "x-request-id", "request-id", "apim-request-id" };

    @RegisterExtension
    static final CredentialEchoServer server = new CredentialEchoServer();

    /** A provider under test, made for an API root, with the key it sends. */
    record Client(String name, String key, Function<URI, ChatProvider> factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Client> clients() {
        return Stream.of(
                new Client("openai", OPENAI_KEY, root -> new OpenAiProvider(
                        OpenAiSettings.of("openai", URI.create(root + "/v1"), OPENAI_KEY))),
                new Client("azure", AZURE_KEY, root -> new OpenAiProvider(
                        OpenAiSettings.of("azure", root, AZURE_KEY).withAuthHeader("api-key"),
                        ClientFactory.ofDefault(),
                        new AzureEndpoints(false, AzureEndpoints.DEFAULT_API_VERSION, Map.of()))),
                new Client("anthropic", ANTHROPIC_KEY, root -> new AnthropicProvider(
                        AnthropicSettings.of("anthropic", URI.create(root + "/v1"), ANTHROPIC_KEY),
                        ClientFactory.ofDefault())));
    }

    static Stream<Arguments> clientsAndPlaces() {
        return clients().flatMap(client -> Stream.of(PLACES).map(place -> Arguments.of(client, place)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clientsAndPlaces")
    void aRejectionEchoingTheKeyDoesNotCarryIt(Client client, String place) {
        final ChatProvider provider = client.factory().apply(server.baseUri(place, "reject"));

        final ProviderException unary = failure(provider.complete(request(), Attempt.unlimited()));
        assertThat(unary.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(unary.providerStatus()).isEqualTo(401);
        assertKeyAbsent(unary, client.key());

        final ProviderException streamed = failure(provider.stream(request(), Attempt.unlimited()).collect());
        assertThat(streamed.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertKeyAbsent(streamed, client.key());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clientsAndPlaces")
    void anErrorEventEchoingTheKeyDoesNotCarryIt(Client client, String place) {
        final ChatProvider provider = client.factory().apply(server.baseUri(place, "midstream"));

        final ProviderException error = failure(provider.stream(request(), Attempt.unlimited()).collect());
        assertThat(error.providerStatus()).isEqualTo(200);
        assertKeyAbsent(error, client.key());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void anUnreadableAnswerMadeOfTheKeyDoesNotCarryIt(Client client) {
        final ChatProvider provider = client.factory().apply(server.baseUri("body", "garbage"));

        final ProviderException unary = failure(provider.complete(request(), Attempt.unlimited()));
        assertThat(unary.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertKeyAbsent(unary, client.key());

        final ProviderException streamed = failure(provider.stream(request(), Attempt.unlimited()).collect());
        assertThat(streamed.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertKeyAbsent(streamed, client.key());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("clientsAndRequestIdHeaders")
    void aGoodAnswerWhoseRequestIdIsTheKeyDoesNotCarryIt(Client client, String header) throws Exception {
        final ChatProvider provider = client.factory().apply(server.baseUri(header, "answer"));

        final Attempt attempt = Attempt.unlimited();
        final CreateChatCompletionResponse answer = provider.complete(request(), attempt).get(10, TimeUnit.SECONDS);

        assertThat(answer.getChoices(0).getMessage().getContent(0).getText()).isEqualTo("fine");
        assertThat(attempt.providerRequestId()).isNotEmpty().doesNotContain(client.key());
    }

    static Stream<Arguments> clientsAndRequestIdHeaders() {
        return clients().flatMap(client -> Stream.of("x-request-id", "request-id", "apim-request-id")
                                                 .map(header -> Arguments.of(client, header)));
    }

    /** Checks every string a surface, a log or a record could take from the exception. */
    static void assertKeyAbsent(ProviderException error, String key) {
        final StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace)); // what a log prints: every message in the cause chain
        final com.google.rpc.Status status = ErrorStatus.of(error).orElseThrow();
        assertThat(error.getMessage()).as("message").doesNotContain(key);
        assertThat(error.reason()).as("reason").doesNotContain(key);
        assertThat(error.field()).as("field").doesNotContain(key);
        assertThat(error.providerRequestId()).as("provider request id").doesNotContain(key);
        assertThat(trace.toString()).as("stack trace with causes").doesNotContain(key);
        assertThat(new String(status.toByteArray(), StandardCharsets.ISO_8859_1)).as("status bytes")
                                                                                   .doesNotContain(key);
    }

    private static ChatRequest request() {
        return ChatRequest.newBuilder().setModel("gpt-4o")
                          .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                              .addContent(ContentPart.newBuilder().setText("Hi")))
                          .build();
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        final Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }
}
