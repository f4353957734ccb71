package dev.llmg.internal.conversation;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import javax.inject.Inject;

import com.linecorp.armeria.common.CommonPools;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.ContentPart;
import dev.llmg.api.gateway.v1.Conversation;
import dev.llmg.api.gateway.v1.ConversationMessage;
import dev.llmg.api.gateway.v1.GatewayMetadata;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.Role;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.chat.ChatContext;
import dev.llmg.internal.chat.ChatTurn;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * Puts a conversation's stored history ahead of the new turn of a request that names one, and has the turn keep its
 * answer: the conversation's system prompt, the request's own leading system messages, the newest stored exchanges
 * that fit the conversation's limits ({@link ContextWindow}), then the new turn. A request that names no
 * conversation passes at once, untouched.
 *
 * <p>The turn waits for its place in the conversation's line on this instance ({@link TurnLine}); the history is
 * read, and the turn appended, on Armeria's blocking task executor, never on an event loop. An unknown
 * conversation, and another caller's, is NOT_FOUND.
 */
final class ConversationStep implements ChatContext.Step {

    /** How long a turn of a call without a deadline may hold its conversation's line. */
    static final Duration MAX_HOLD = Duration.ofMinutes(10);

    private final ConversationStore store;
    private final ConversationSettings settings;
    private final TurnLine line;
    private final Regenerations regenerations;
    private final Executor blocking;

    @Inject
    ConversationStep(ConversationStore store, ConversationSettings settings, TurnLine line,
                     Regenerations regenerations) {
        this.store = requireNonNull(store, "store");
        this.settings = requireNonNull(settings, "settings");
        this.line = requireNonNull(line, "line");
        this.regenerations = requireNonNull(regenerations, "regenerations");
        // Reading and appending history block on the database: never on the call's event loop.
        blocking = CommonPools.blockingTaskExecutor();
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public CompletableFuture<ChatTurn> open(ChatRequest request, Call call) {
        final String regenerated = regenerations.take(call);
        final String id = regenerated != null ? regenerated : request.getConversationId();
        if (id.isEmpty()) {
            return CompletableFuture.completedFuture(ChatTurn.of(request));
        }
        final Supplier<Duration> hold = () -> call.deadline().isSet() ? call.deadline().remaining(System.nanoTime())
                                                                      : MAX_HOLD;
        return line.enter(id, hold).thenApplyAsync(place -> {
            try {
                return opened(id, request, call, regenerated != null, place);
            } catch (RuntimeException e) {
                place.release();
                throw e;
            }
        }, blocking);
    }

    /** The stored messages sent as history, and the turn answered. */
    private record Parts(List<ConversationMessage> earlier, List<Message> turn) {}

    private ChatTurn opened(String id, ChatRequest request, Call call, boolean regenerate, TurnLine.Place place) {
        final ConversationStore.History history = ConversationErrors.reading(() -> store.history(id))
                .filter(found -> found.conversation().visibleTo(call.caller()))
                .orElseThrow(() -> ConversationErrors.notFound(id));
        final Conversation conversation = history.conversation().conversation();
        final List<Message> asked = request.getMessagesList();
        int lead = 0;
        while (lead < asked.size() && isSystem(asked.get(lead))) {
            lead++;
        }
        final Parts parts = regenerate ? lastTurn(id, history.messages())
                                       : newTurn(id, history.messages(), asked.subList(lead, asked.size()));
        final String model = request.getModel().isEmpty() ? conversation.getModel() : request.getModel();
        final ContextWindow.Fitted fitted = ContextWindow.fit(
                id, leading(conversation, asked.subList(0, lead)), parts.earlier(), parts.turn(),
                orDefault(conversation.getLimits().getMaxPairs(), settings.maxPairs()),
                orDefault(conversation.getLimits().getMaxContextTokens(), settings.maxContextTokens()),
                TokenCounter.forModel(model));
        call.addContext(GatewayMetadata.newBuilder().setConversation(fitted.context()).build());
        final ChatRequest sent = request.toBuilder().clearMessages().addAllMessages(fitted.messages())
                                        .setModel(model).setConversationId(id).build();
        final int turnNumber = conversation.getTurnCount();
        final List<Message> kept = parts.turn().stream().filter(message -> !isSystem(message)).toList();
        return new ConversationTurn(sent, place, answer -> {
            if (regenerate) {
                store.replaceAnswer(id, turnNumber, answer, call.requestId(), Instant.now());
            } else {
                store.append(id, kept, answer, call.requestId(), Instant.now());
            }
        }, blocking, call.eventLoop());
    }

    /** Returns the conversation's system prompt, then the request's own leading system messages. */
    private static List<Message> leading(Conversation conversation, List<Message> asked) {
        final List<Message> leading = new ArrayList<>(asked.size() + 1);
        if (!conversation.getSystemPrompt().isEmpty()) {
            leading.add(Message.newBuilder().setRole(Role.ROLE_SYSTEM)
                               .addContent(ContentPart.newBuilder().setText(conversation.getSystemPrompt()))
                               .build());
        }
        leading.addAll(asked);
        return leading;
    }

    /** Returns the whole history, and the request's new turn, which must hold more than system messages. */
    private static Parts newTurn(String id, List<ConversationMessage> history, List<Message> turn) {
        if (turn.stream().allMatch(ConversationStep::isSystem)) {
            throw GatewayException.invalidArgument("messages", "messages must hold the new turn (a user "
                    + "message, or tool results) after any system messages: conversation '" + id
                    + "' supplies the history");
        }
        return new Parts(history, turn);
    }

    /** Returns the history before the last stored turn, and that turn's own messages (not its answers). */
    private static Parts lastTurn(String id, List<ConversationMessage> history) {
        if (history.isEmpty()) {
            throw new GatewayException(ErrorKind.FAILED_PRECONDITION, "nothing_to_regenerate", "id",
                                       "conversation '" + id + "' has no turn to answer again", null);
        }
        final int last = history.get(history.size() - 1).getTurn();
        final List<ConversationMessage> earlier = new ArrayList<>();
        final List<Message> turn = new ArrayList<>();
        for (ConversationMessage stored : history) {
            if (stored.getTurn() < last) {
                earlier.add(stored);
            } else if (stored.getVersion() == 0) {
                turn.add(stored.getMessage());
            }
        }
        return new Parts(earlier, turn);
    }

    private static int orDefault(int value, int fallback) {
        return value > 0 ? value : fallback;
    }

    private static boolean isSystem(Message message) {
        return message.getRole() == Role.ROLE_SYSTEM || message.getRole() == Role.ROLE_DEVELOPER;
    }
}
