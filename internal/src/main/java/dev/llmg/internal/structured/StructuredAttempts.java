package dev.llmg.internal.structured;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.api.gateway.v1.StructuredOutputResult;
import dev.llmg.internal.routing.AnswerRejected;
import dev.llmg.internal.routing.Candidate;
import dev.llmg.internal.routing.Routed;
import dev.llmg.internal.routing.config.StructuredOutputSettings;
import dev.llmg.internal.routing.config.StructuredPolicy;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;

/**
 * One chat call's structured output across its attempts: what each attempt is sent (the schema emulated for
 * targets without native support; a correction turn after a rejected answer), what is done with each answer
 * (checked, mended, or rejected so that routing asks again or moves on), and which answer the caller finally
 * gets. The policy is the request's, else the one configured for the model of the candidate at hand.
 *
 * <p>Under {@code retry} and {@code strict} a streamed answer is held until it is whole and checked (a
 * rejected one must not have reached the caller), then replayed as pieces; under {@code validate} and
 * {@code repair} it streams as it comes and is checked at its end.
 *
 * <p>Attempts follow one another, but their answers complete on provider threads: the state is guarded.
 */
public final class StructuredAttempts {

    private static final int PROBLEMS_IN_MESSAGE = 3;

    private final StructuredRequest asked;
    private final AnswerChecker checker;
    private final Map<Candidate<?>, Integer> corrections = new IdentityHashMap<>();
    private final Set<Candidate<?>> emulatedAt = Collections.newSetFromMap(new IdentityHashMap<>());
    private int correctionCount;
    private Rejected lastRejected;
    private Rejected correctedFor;
    private StructuredOutputResult served;

    private StructuredAttempts(StructuredRequest asked, AnswerChecker checker) {
        this.asked = asked;
        this.checker = checker;
    }

    /** Starts following the structured output of a call that sent {@code request}. */
    public static StructuredAttempts of(ChatRequest request, AnswerChecker checker) {
        return new StructuredAttempts(StructuredRequest.of(request), checker);
    }

    /** Returns whether the call asked for anything to check (JSON, or tools); if not, nothing here applies. */
    public boolean active() {
        return asked.checksAnything();
    }

    /** Returns what to send {@code candidate}, given the request as its provider sees it. */
    public synchronized ChatRequest requestFor(ChatRequest forTarget, Candidate<?> candidate) {
        if (!active()) {
            return forTarget;
        }
        if (lastRejected != null && lastRejected.candidate == candidate && lastRejected.askAgain) {
            if (correctedFor != lastRejected) { // not when the correction is sent again after, say, a 503
                correctedFor = lastRejected;
                correctionCount++;
                corrections.merge(candidate, 1, Integer::sum);
            }
            return CorrectionTurn.after(lastRejected.sent, lastRejected.message, lastRejected.result);
        }
        if (SchemaEmulation.needed(forTarget, candidate.route())) {
            emulatedAt.add(candidate);
            return SchemaEmulation.emulate(forTarget, candidate.route());
        }
        return forTarget;
    }

    /**
     * Returns the answer {@code candidate} gave to {@code sent}, checked (and mended, as the policy says);
     * throws {@link AnswerRejected} when it does not fit and the policy sends it back.
     */
    public CreateChatCompletionResponse accept(CreateChatCompletionResponse answer, ChatRequest sent,
                                               Candidate<?> candidate, Attempt attempt) {
        if (!active()) {
            return answer;
        }
        final StructuredPolicy policy = settingsAt(candidate).policy();
        final List<ChoiceCheck> checks = check(UnaryAnswers.texts(answer));
        final CreateChatCompletionResponse rewritten = UnaryAnswers.rewrite(answer, checks, policy.mends());
        final Message said = answer.getChoicesCount() > 0 ? answer.getChoices(0).getMessage()
                                                          : Message.getDefaultInstance();
        decide(checks, candidate, attempt, sent, said, rewritten, null);
        return rewritten;
    }

    /**
     * Returns the stream {@code candidate} gave to {@code sent}: as it comes, or, when the policy may send it back,
     * held until whole and checked, then replayed (mended) or failed with {@link AnswerRejected} before any piece.
     */
    public StreamMessage<StreamChatCompletionResponse> hold(StreamMessage<StreamChatCompletionResponse> pieces,
                                                            ChatRequest sent, Candidate<?> candidate, Attempt attempt) {
        if (!active() || !settingsAt(candidate).policy().asksAgain()) {
            return pieces;
        }
        final CompletableFuture<StreamMessage<StreamChatCompletionResponse>> checked = pieces.collect().thenApply(all -> {
            final StreamedAnswer whole = new StreamedAnswer();
            all.forEach(whole::add);
            final List<ChoiceCheck> checks = check(whole.texts());
            final List<StreamChatCompletionResponse> replay = whole.replay(checks, true);
            decide(checks, candidate, attempt, sent, whole.message(), null, replay);
            return StreamMessage.of(replay.toArray(new StreamChatCompletionResponse[0]));
        });
        final StreamMessage<StreamChatCompletionResponse> held = StreamMessage.of(checked);
        held.whenComplete().exceptionally(cause -> {
            pieces.abort(); // the caller, or routing, gave up on this attempt: stop the provider too
            return null;
        });
        return held;
    }

    /** Returns the stage that follows a stream as it reaches the caller, or null when nothing is checked. */
    public StructuredStream streamStage() {
        return active() ? new StructuredStream(asked, checker) : null;
    }

    /**
     * Returns the last answer that did not fit, to pass on (marked invalid) when the call failed under
     * {@code retry}: nothing fitted, but an answer is better than none. Empty under other policies, when the
     * caller went away, or when no answer came at all.
     */
    public synchronized Optional<Routed<CreateChatCompletionResponse>> passOn(Throwable failure,
                                                                             RoutingDecision decision) {
        if (!passesOn(failure) || lastRejected.answer == null) {
            return Optional.empty();
        }
        served = lastRejected.result;
        return Optional.of(new Routed<>(lastRejected.answer, lastRejected.candidate, lastRejected.attempt, decision));
    }

    /** Returns the pieces of the last streamed answer that did not fit, as {@link #passOn} does for a whole one. */
    public synchronized Optional<PassedOnStream> passOnStream(Throwable failure, RoutingDecision decision) {
        if (!passesOn(failure) || lastRejected.pieces == null) {
            return Optional.empty();
        }
        served = lastRejected.result;
        return Optional.of(new PassedOnStream(lastRejected.pieces, new Routed<>(null, lastRejected.candidate,
                                                                                 lastRejected.attempt, decision)));
    }

    /** Returns the findings on the answer the caller got, or null when nothing was checked. */
    public synchronized StructuredOutputResult result() {
        return served == null ? null : served.toBuilder().setCorrections(correctionCount).build();
    }

    /** Returns the findings on a streamed answer that {@code stage} followed, served by {@code served}. */
    public synchronized StructuredOutputResult streamResult(StructuredStream stage, Candidate<?> servedBy) {
        if (served == null && stage != null) {
            served = stage.result(settingsAt(servedBy).policy()).toBuilder()
                          .setEmulated(emulatedAt.contains(servedBy)).build();
        }
        return result();
    }

    /** A stream passed on though it did not fit: its pieces, and who answered. */
    public record PassedOnStream(List<StreamChatCompletionResponse> pieces, Routed<Void> routed) {}

    private List<ChoiceCheck> check(List<ChoiceText> texts) {
        final List<ChoiceCheck> checks = new ArrayList<>(texts.size());
        for (ChoiceText text : texts) {
            checks.add(checker.check(text, asked));
        }
        return checks;
    }

    private synchronized void decide(List<ChoiceCheck> checks, Candidate<?> candidate, Attempt attempt,
                                     ChatRequest sent, Message said, CreateChatCompletionResponse answer,
                                     List<StreamChatCompletionResponse> pieces) {
        final StructuredOutputSettings settings = settingsAt(candidate);
        final StructuredOutputResult result = AnswerChecker.summary(checks, settings.policy()).toBuilder()
                                                           .setEmulated(emulatedAt.contains(candidate)).build();
        if (checks.stream().allMatch(ChoiceCheck::fits) || !settings.policy().asksAgain()) {
            served = result;
            return;
        }
        final boolean askAgain = corrections.getOrDefault(candidate, 0) < settings.maxRetries();
        lastRejected = new Rejected(candidate, attempt, sent, said, result, askAgain, settings.policy(), answer,
                                    pieces);
        final List<String> problems = AnswerChecker.problems(result);
        throw new AnswerRejected("no answer fitted the requested structure; the last one from " + candidate.target()
                                 + ": " + String.join("; ", problems.subList(0, Math.min(PROBLEMS_IN_MESSAGE,
                                                                                          problems.size())))
                                 + (problems.size() > PROBLEMS_IN_MESSAGE
                                    ? " (and " + (problems.size() - PROBLEMS_IN_MESSAGE) + " more)" : ""),
                                 askAgain, result);
    }

    private boolean passesOn(Throwable failure) {
        if (lastRejected == null || lastRejected.policy != StructuredPolicy.RETRY) {
            return false;
        }
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof GatewayException)) {
            cause = cause.getCause();
        }
        return !(cause instanceof GatewayException) || ((GatewayException) cause).kind() != ErrorKind.CANCELLED;
    }

    private StructuredOutputSettings settingsAt(Candidate<?> candidate) {
        return asked.settingsAt(candidate.group().structuredOutput());
    }

    /** The last answer sent back: enough to correct it, or to pass it on. */
    private record Rejected(Candidate<?> candidate, Attempt attempt, ChatRequest sent, Message message,
                            StructuredOutputResult result, boolean askAgain, StructuredPolicy policy,
                            CreateChatCompletionResponse answer, List<StreamChatCompletionResponse> pieces) {}
}
