package dev.llmg.internal.admin.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.providers.ConfiguredProvider;
import dev.llmg.internal.routing.LiveRoutingTable;
import dev.llmg.internal.routing.ModelGroup;
import dev.llmg.internal.routing.RouteTarget;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Asks a provider in use for a one-token answer ({@code max_tokens} 1, a short user message) and says how it went:
 * whether it answered, how long it took, and the provider's own error message when it did not.
 *
 * <p>A model is tested at the first of its targets whose provider can take calls, straight at that provider:
 * a routed call needs a {@code Call}, which only a front door's request makes (its deadline, trace and records);
 * so the test neither retries, nor falls back, nor is recorded.
 */
final class CatalogProbe {

    /** How long a test may take; an upstream that answers nothing by then is reported as such. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a probe found. */
    record Result(boolean ok, Duration latency, String error, String provider) {}

    private final LiveRoutingTable live;

    @Inject
    CatalogProbe(LiveRoutingTable live) {
        this.live = requireNonNull(live, "live");
    }

    /** Asks the provider {@code name} in use for its model {@code model}. */
    Result provider(String name, String model) {
        if (model.isBlank()) {
            throw GatewayException.invalidArgument("model", "model is required: the provider's name of a model");
        }
        final ConfiguredProvider provider = live.current().providers().get(name).orElseThrow(
                () -> new GatewayException(ErrorKind.NOT_FOUND, "not_found",
                                           "no provider named '" + name + "' is in use (is it disabled?)"));
        return ask(provider, model);
    }

    /** Asks the first target of the model {@code name} whose provider can take calls. */
    Result model(String name) {
        final ModelGroup group = live.current().find(name).orElseThrow(
                () -> new GatewayException(ErrorKind.NOT_FOUND, "not_found",
                                           "no model named '" + name + "' is in use (is it disabled?)"));
        RouteTarget first = group.targets().get(0);
        for (RouteTarget target : group.targets()) {
            if (target.provider().client().isPresent()) {
                first = target;
                break;
            }
        }
        return ask(first.provider(), first.target().model());
    }

    private static Result ask(ConfiguredProvider provider, String model) {
        if (provider.client().isEmpty()) {
            return new Result(false, Duration.ZERO, provider.unavailableReason().orElse("unavailable"),
                              provider.name());
        }
        final ChatProvider client = provider.client().get();
        final ChatRequest request = ChatRequest.newBuilder().setModel(model).setMaxTokens(1)
                                               .addMessages(Message.newBuilder().setRole(Role.ROLE_USER)
                                                                   .addContent(ContentPart.newBuilder()
                                                                                          .setText("Say ok.")))
                                               .build();
        final long started = System.nanoTime();
        try {
            client.complete(request, Attempt.withTimeout(TIMEOUT))
                  .get(TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Result(true, Duration.ofNanos(System.nanoTime() - started), "", provider.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, Duration.ofNanos(System.nanoTime() - started), "interrupted", provider.name());
        } catch (TimeoutException e) {
            return new Result(false, Duration.ofNanos(System.nanoTime() - started),
                              "no answer within " + TIMEOUT.toSeconds() + " s", provider.name());
        } catch (ExecutionException | RuntimeException e) {
            return new Result(false, Duration.ofNanos(System.nanoTime() - started), messageOf(e), provider.name());
        }
    }

    /** Returns the failure's own message (a provider's error says what the upstream answered), never a trace. */
    private static String messageOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
               && cause.getCause() != null) {
            cause = cause.getCause();
        }
        final String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
