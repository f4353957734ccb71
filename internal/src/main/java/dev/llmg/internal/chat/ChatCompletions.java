package dev.llmg.internal.chat;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import javax.inject.Inject;

import com.linecorp.armeria.common.stream.StreamMessage;

import dev.llmg.api.gateway.v1.ChatRequest;
import dev.llmg.api.gateway.v1.CreateChatCompletionResponse;
import dev.llmg.api.gateway.v1.FinishReason;
import dev.llmg.api.gateway.v1.Message;
import dev.llmg.api.gateway.v1.StreamChatCompletionResponse;
import dev.llmg.internal.auth.EndpointDefaults;
import dev.llmg.internal.auth.ModelAccess;
import dev.llmg.internal.call.Call;
import dev.llmg.internal.call.CallRequest;
import dev.llmg.internal.call.CallRequest.Operation;
import dev.llmg.internal.quota.CallQuotas;
import dev.llmg.internal.routing.AttemptExecutor;
import dev.llmg.internal.routing.Candidate;
import dev.llmg.internal.routing.ModelRouter;
import dev.llmg.internal.routing.RoutePlan;
import dev.llmg.internal.routing.Routed;
import dev.llmg.internal.routing.RoutedStream;
import dev.llmg.internal.structured.AnswerChecker;
import dev.llmg.internal.structured.StreamedAnswer;
import dev.llmg.internal.structured.StructuredAttempts;
import dev.llmg.internal.structured.StructuredStream;
import dev.llmg.spi.ChatProvider;
import dev.llmg.spi.GatewayException;

/**
 * The chat use case, the same for every protocol: open the call's turn in what the gateway keeps for the caller
 * ({@link ChatContext}: instructions, conversations), check the request (and that the caller may use the model), ask
 * the router for a plan, admit the call under the caller's limits, have the attempt executor work through it (each
 * answer checked for the structure it was asked to have), have the turn keep the answer, and add the gateway's
 * metadata to the answer.
 *
 * <p>Failures come back inside the returned future or stream, never thrown, so adapters handle one path.
 * The call's recorder hears how the call ended, once.
 */
public final class ChatCompletions {

    private final ChatContext context;
    private final ModelRouter router;
    private final AttemptExecutor attempts;
    private final AnswerChecker checker;
    private final CallQuotas quotas;

    @Inject
    ChatCompletions(ChatContext context, ModelRouter router, AttemptExecutor attempts, AnswerChecker checker,
                    CallQuotas quotas) {
        this.context = requireNonNull(context, "context");
        this.router = requireNonNull(router, "router");
        this.attempts = requireNonNull(attempts, "attempts");
        this.checker = requireNonNull(checker, "checker");
        this.quotas = requireNonNull(quotas, "quotas");
    }

    /** Answers the request as a whole. */
    public CompletableFuture<CreateChatCompletionResponse> complete(ChatRequest asked, Call call) {
        call.recorder().requested(new CallRequest(Operation.CHAT, asked.getModel(), false, asked));
        final CompletableFuture<ChatTurn> opened = open(asked, call);
        if (opened.isDone() && !opened.isCompletedExceptionally()) {
            return complete(opened.join(), call); // nothing to load: the request names no stored context
        }
        return opened.handleAsync((turn, cause) -> cause == null
                                                   ? complete(turn, call)
                                                   : CompletableFuture.<CreateChatCompletionResponse>failedFuture(
                                                           CallEnd.failed(call, cause)), call.eventLoop())
                     .thenCompose(Function.identity());
    }

    private CompletableFuture<CreateChatCompletionResponse> complete(ChatTurn turn, Call call) {
        final ChatRequest request;
        final RoutePlan<ChatProvider> plan;
        try {
            request = checked(turn.request(), call);
            plan = router.plan(request, call.caller(), false);
        } catch (GatewayException e) {
            turn.abandon();
            return CompletableFuture.failedFuture(CallEnd.failed(call, e));
        }
        final CompletableFuture<Void> admission = quotas.admit(call);
        if (admission.isDone() && !admission.isCompletedExceptionally()) {
            return answer(request, plan, call, turn); // nothing limits the caller, or its limits had room here
        }
        return admission.handle((admitted, refusal) -> refusal)
                        .thenCompose(refusal -> {
                            if (refusal == null) {
                                return answer(request, plan, call, turn);
                            }
                            turn.abandon();
                            return CompletableFuture.failedFuture(CallEnd.failed(call, refusal));
                        });
    }

    private CompletableFuture<CreateChatCompletionResponse> answer(ChatRequest request, RoutePlan<ChatProvider> plan,
                                                                   Call call, ChatTurn turn) {
        final StructuredAttempts structured = StructuredAttempts.of(request, checker);
        return attempts.unary(call, plan, (candidate, attempt) -> {
                           final ChatRequest sent = structured.requestFor(forTarget(request, candidate), candidate);
                           return candidate.client().complete(sent, attempt)
                                           .thenApply(answer -> structured.accept(answer, sent, candidate, attempt));
                       })
                       .handle((routed, cause) -> cause == null ? routed : structured.passOn(cause, call.routing())
                               .orElseThrow(() -> new CompletionException(CallEnd.failed(call, cause))))
                       .thenCompose(answered -> {
                           final CreateChatCompletionResponse answer = answered.answer();
                           final Message message = answer.getChoicesCount() > 0 ? answer.getChoices(0).getMessage()
                                                                                : Message.getDefaultInstance();
                           return turn.keep(message).handle((kept, failure) -> {
                               if (failure != null) {
                                   throw new CompletionException(CallEnd.failed(call, failure));
                               }
                               return answer.toBuilder().setGateway(CallEnd.answered(
                                       call, answered, answer.hasUsage() ? answer.getUsage() : null,
                                       answer.getChoicesCount() > 0 ? answer.getChoices(0).getFinishReason()
                                                                    : FinishReason.FINISH_REASON_UNSPECIFIED,
                                       answer, structured.result())).build();
                           });
                       })
                       .whenComplete((answer, failure) -> {
                           if (failure != null) {
                               turn.abandon();
                           }
                       });
    }

    /** Answers the request piece by piece; the last piece carries the usage and the gateway's metadata. */
    public StreamMessage<StreamChatCompletionResponse> stream(ChatRequest asked, Call call) {
        call.recorder().requested(new CallRequest(Operation.CHAT, asked.getModel(), true, asked));
        final CompletableFuture<ChatTurn> opened = open(asked, call);
        if (opened.isDone() && !opened.isCompletedExceptionally()) {
            return stream(opened.join(), call);
        }
        return StreamMessage.of(opened.handleAsync(
                (turn, cause) -> cause == null ? stream(turn, call)
                                               : StreamMessage.<StreamChatCompletionResponse>aborted(
                                                       CallEnd.failed(call, cause)),
                call.eventLoop()));
    }

    private StreamMessage<StreamChatCompletionResponse> stream(ChatTurn turn, Call call) {
        final ChatRequest request;
        final RoutePlan<ChatProvider> plan;
        try {
            request = checked(turn.request(), call);
            plan = router.plan(request, call.caller(), true);
        } catch (GatewayException e) {
            turn.abandon();
            return StreamMessage.aborted(CallEnd.failed(call, e));
        }
        final CompletableFuture<Void> admission = quotas.admit(call);
        if (admission.isDone() && !admission.isCompletedExceptionally()) {
            return pieces(request, plan, call, turn);
        }
        return StreamMessage.of(admission.handle((admitted, refusal) -> {
            if (refusal == null) {
                return pieces(request, plan, call, turn);
            }
            turn.abandon();
            return StreamMessage.<StreamChatCompletionResponse>aborted(CallEnd.failed(call, refusal));
        }));
    }

    private StreamMessage<StreamChatCompletionResponse> pieces(ChatRequest request, RoutePlan<ChatProvider> plan,
                                                               Call call, ChatTurn turn) {
        final StructuredAttempts structured = StructuredAttempts.of(request, checker);
        final RoutedStream<StreamChatCompletionResponse> routed = attempts.stream(call, plan, (candidate, attempt) -> {
            final ChatRequest sent = structured.requestFor(forTarget(request, candidate), candidate);
            return structured.hold(candidate.client().stream(sent, attempt), sent, candidate, attempt);
        });
        final StructuredStream stage = structured.streamStage();
        final StreamFinisher finisher = new StreamFinisher();
        final FinishOnce finishOnce = new FinishOnce();
        final StreamedAnswer assembled = turn.keepsAnswer() ? new StreamedAnswer() : null;
        final AtomicReference<Routed<Void>> passedOn = new AtomicReference<>();
        // Under the retry policy, when no answer fitted, the last one is passed on (marked invalid) before any
        // piece reached the caller; a failure after pieces reached the caller is never a silent cut: a last piece
        // says the answer ended in an error (finish reason ERROR, with the usage and metadata known), then the
        // failure ends the stream.
        StreamMessage<StreamChatCompletionResponse> annotated =
                routed.pieces().recoverAndResume(cause -> structured.passOnStream(cause, call.routing()).map(last -> {
                                  passedOn.set(last.routed());
                                  return StreamMessage.of(last.pieces().toArray(new StreamChatCompletionResponse[0]));
                              }).orElseGet(() -> StreamMessage.aborted(cause)))
                      .map(piece -> stage == null ? piece : stage.annotate(piece));
        if (assembled != null) {
            annotated = annotated.peek(assembled::add); // the answer, whole, for the turn to keep
        }
        final StreamMessage<StreamChatCompletionResponse> pieces =
                annotated.map(finishOnce::apply).filter(FinishOnce::holdsAnything)
                         .filter(finisher::keep).map(finisher::strip)
                         .recoverAndResume(cause -> finisher.started()
                                                    ? StreamMessage.concat(StreamMessage.of(finisher.failedLast(
                                                            GatewayStamp.of(call, passedOn.get() != null
                                                                                  ? passedOn.get()
                                                                                  : routed.outcome()))),
                                                                           StreamMessage.aborted(cause))
                                                    : StreamMessage.aborted(cause));
        // The last piece is made only once the provider's stream has ended well and the turn kept the answer;
        // after a failure (or when the caller went away) the failure ends the stream instead and nothing is kept.
        // (StreamMessage.endWith emitted it twice under 1-by-1 demand.)
        final CompletableFuture<StreamMessage<StreamChatCompletionResponse>> last =
                pieces.whenComplete().handle((done, cause) -> cause).thenCompose(cause -> {
                    if (cause != null) {
                        turn.abandon();
                        return CompletableFuture.completedFuture(StreamMessage.aborted(CallEnd.failed(call, cause)));
                    }
                    return turn.keep(assembled == null ? Message.getDefaultInstance() : assembled.message())
                               .handle((kept, failure) -> {
                                   if (failure != null) {
                                       turn.abandon();
                                       return StreamMessage.aborted(CallEnd.failed(call, failure));
                                   }
                                   final Routed<Void> outcome = passedOn.get() != null ? passedOn.get()
                                                                                       : routed.outcome();
                                   return StreamMessage.of(finisher.last(CallEnd.answered(
                                           call, outcome, finisher.usage(), finisher.finishReason(), null,
                                           structured.streamResult(stage, outcome.served()))));
                               });
                });
        return StreamMessage.concat(pieces, StreamMessage.of(last));
    }

    /** Opens the call's turn in its context, once what the context reads of the request is known to be sound. */
    private CompletableFuture<ChatTurn> open(ChatRequest asked, Call call) {
        try {
            ChatRequestValidator.validateContext(asked);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.open(asked, call);
    }

    /**
     * Returns the request as it will be routed (its observers have heard it as asked): to the caller's upstream
     * when it names no model, with its endpoint's tags and default parameters, and checked (the caller may use the
     * model; the request is valid).
     */
    private static ChatRequest checked(ChatRequest asked, Call call) {
        final String model = ModelAccess.modelFor(call.caller(), asked.getModel());
        final ChatRequest request = EndpointDefaults.onto(
                model.equals(asked.getModel()) ? asked : asked.toBuilder().setModel(model).build(), call.caller());
        ChatRequestValidator.validate(request);
        return request;
    }

    /** Returns the request as the candidate's provider sees it: with the provider's name of the model. */
    private static ChatRequest forTarget(ChatRequest request, Candidate<ChatProvider> candidate) {
        return request.toBuilder().setModel(candidate.target().model()).build();
    }
}
