package dev.llmg.internal.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.util.Durations;

import dev.llmg.api.gateway.v1.AttemptOutcome;
import dev.llmg.api.gateway.v1.RoutingAttempt;
import dev.llmg.api.gateway.v1.RoutingDecision;
import dev.llmg.internal.call.Call;
import dev.llmg.spi.Attempt;
import dev.llmg.spi.ErrorKind;
import dev.llmg.spi.GatewayException;
import dev.llmg.spi.ProviderException;

/**
 * One call's way through its {@link RoutePlan}: which candidate is being tried, the attempts made so far,
 * the timers (backoff, deadline) and what each attempt reports, for the unary and the streaming executor
 * alike.
 *
 * <p>It is confined to the call's event loop: every method must be called there, so it needs no locks.
 */
final class AttemptRun<P> {

    private final Call call;
    private final RoutePlan<P> plan;
    private final AttemptPolicy policy;
    private final List<RoutingAttempt> attempts = new ArrayList<>();
    private final List<Candidate<P>> tried = new ArrayList<>();
    private final int[] attemptsPerCandidate;
    private int candidate = -1;
    private Attempt attempt;
    private long startedNanos;
    private long backoffNanos;
    private long answeringSinceNanos;
    private ScheduledFuture<?> timer;

    AttemptRun(Call call, RoutePlan<P> plan, AttemptPolicy policy) {
        this.call = call;
        this.plan = plan;
        this.policy = policy;
        attemptsPerCandidate = new int[plan.candidates().size()];
        call.routed(plan.decision());
        call.recorder().routed(plan.decision());
    }

    /** Returns the call this run belongs to. */
    Call call() {
        return call;
    }

    /** Returns the first step, or empty when no candidate may be tried. */
    Optional<AttemptPolicy.Step> first() {
        return policy.first(plan);
    }

    /** Returns the step after {@code failure} of the current attempt, or empty to give up. */
    Optional<AttemptPolicy.Step> afterFailure(GatewayException failure) {
        return policy.afterFailure(plan, new AttemptPolicy.History(candidate, attemptsPerCandidate[candidate],
                                                                    attempts.size(), timeLeft()), failure);
    }

    /** Returns what is left of the call's deadline, or empty when it has none. */
    Optional<Duration> timeLeft() {
        return call.deadline().isSet() ? Optional.of(call.deadline().remaining(System.nanoTime()))
                                       : Optional.empty();
    }

    /** Returns whether the call's deadline has passed. */
    boolean deadlinePassed() {
        return call.deadline().hasPassed(System.nanoTime());
    }

    /** Runs {@code start} after the step's backoff, on the call's event loop; the wait is not the gateway's. */
    void afterBackoff(AttemptPolicy.Step step, Runnable start) {
        backoffNanos = step.backoff().toNanos();
        if (backoffNanos == 0) {
            start.run();
            return;
        }
        call.clock().addWait(backoffNanos);
        timer = call.eventLoop().schedule(start, backoffNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Starts an attempt at the step's candidate and returns it; its timeout is its model's attempt timeout or
     * what is left of the deadline, whichever is shorter.
     */
    Candidate<P> begin(AttemptPolicy.Step step) {
        candidate = step.candidate();
        attemptsPerCandidate[candidate]++;
        final Candidate<P> chosen = plan.candidates().get(candidate);
        tried.add(chosen);
        attempt = Attempt.withTimeout(attemptLimit(chosen));
        startedNanos = System.nanoTime();
        chosen.route().health().attemptStarted(attemptsPerCandidate[candidate] == 1);
        call.recorder().attemptStarted(attempts.size() + 1, chosen.target().toProto(), attempt);
        return chosen;
    }

    /** Runs {@code onTimeout} when the current attempt's time is up: its own timeout, or the call's deadline. */
    void armTimeout(Runnable onTimeout) {
        final Duration limit = attempt.timeout();
        if (!limit.isZero()) {
            timer = call.eventLoop().schedule(onTimeout, limit.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code onDeadline} when the call's deadline passes, e.g. while an answer streams. */
    void armDeadline(Runnable onDeadline) {
        disarm();
        timeLeft().ifPresent(left -> timer = call.eventLoop().schedule(onDeadline, left.toNanos(),
                                                                       TimeUnit.NANOSECONDS));
    }

    /** Returns the failure of an attempt whose time is up: the call's deadline, or the attempt's own timeout. */
    GatewayException timedOut() {
        if (deadlinePassed()) {
            return deadlineExceeded();
        }
        return new GatewayException(ErrorKind.TIMEOUT, "attempt_timeout", "", "the attempt at " + current().target()
                                    + " took longer than its attempt_timeout of " + attempt.timeout(), null);
    }

    private Duration attemptLimit(Candidate<P> chosen) {
        final Duration own = chosen.group().attemptTimeout();
        final Optional<Duration> left = timeLeft().map(time -> time.isZero() ? Duration.ofNanos(1) : time);
        if (left.isEmpty()) {
            return own;
        }
        return own.isZero() || left.get().compareTo(own) < 0 ? left.get() : own;
    }

    /** Cancels the pending backoff or deadline timer. */
    void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Returns the candidate of the current (or last) attempt. */
    Candidate<P> current() {
        return plan.candidates().get(candidate);
    }

    /** Returns the current (or last) attempt. */
    Attempt attempt() {
        return attempt;
    }

    /** Notes that the current attempt answered whole (a unary answer). */
    void succeeded() {
        current().route().health().attemptSucceeded(Duration.ofNanos(System.nanoTime() - startedNanos));
        end(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED, null);
    }

    /** Notes that the current attempt's answer started (a stream's first piece); it goes on until {@link #answerEnded}. */
    void answering() {
        current().route().health().attemptAnswering(Duration.ofNanos(System.nanoTime() - startedNanos));
        end(AttemptOutcome.ATTEMPT_OUTCOME_SUCCEEDED, null);
        answeringSinceNanos = System.nanoTime();
    }

    /**
     * Notes that the answer that started has ended, well ({@code failure} null) or not: its time since the
     * first piece was the provider's, and the target has one request less in flight.
     */
    void answerEnded(Throwable failure) {
        if (answeringSinceNanos != 0) {
            call.clock().addWait(System.nanoTime() - answeringSinceNanos);
            answeringSinceNanos = 0;
            current().route().health().answerFinished(failure == null ? null : asGatewayException(failure).kind());
        }
    }

    /**
     * Notes that the current attempt failed. Once the call's deadline has passed, the attempt was cut short by
     * it (its timeout was what was left of the deadline, whichever timer noticed first): that is the caller's
     * hurry, not the target's failure, so the target's health counts it as given up. A rejected answer
     * ({@link AnswerRejected}) counts as answered: the target did its part.
     */
    void failed(GatewayException failure) {
        if (failure instanceof AnswerRejected) {
            // The target answered; only the answer's shape was wrong.
            current().route().health().attemptSucceeded(Duration.ofNanos(System.nanoTime() - startedNanos));
            end(AttemptOutcome.ATTEMPT_OUTCOME_REJECTED, failure);
            return;
        }
        if (deadlinePassed()) {
            current().route().health().attemptCancelled();
        } else {
            current().route().health().attemptFailed(Duration.ofNanos(System.nanoTime() - startedNanos),
                                                      failure.kind());
        }
        end(AttemptOutcome.ATTEMPT_OUTCOME_FAILED, failure);
    }

    /** Notes that the current attempt was given up because the caller went away. */
    void cancelled() {
        current().route().health().attemptCancelled();
        end(AttemptOutcome.ATTEMPT_OUTCOME_CANCELLED, null);
    }

    /** Returns the routing decision so far: the plan and every attempt. */
    RoutingDecision decision() {
        final Set<String> fallbacks = new LinkedHashSet<>();
        for (Candidate<P> each : tried) {
            if (!each.modelName().equals(plan.model())) {
                fallbacks.add(each.modelName());
            }
        }
        return plan.decision().toBuilder().addAllAttempts(attempts).addAllFallbacks(fallbacks).build();
    }

    /** Returns what the successful attempt produced, with the decision. */
    <R> Routed<R> routed(R answer) {
        return new Routed<>(answer, current(), attempt, decision());
    }

    /** Returns the failure to report when the caller went away. */
    GatewayException callerGone() {
        return new GatewayException(ErrorKind.CANCELLED, "cancelled", "the caller cancelled the call or went away");
    }

    /** Returns the failure to report when the policy finds no candidate to try at all. */
    GatewayException noTargetAvailable() {
        return new GatewayException(ErrorKind.UNAVAILABLE, "no_target_available",
                                    "no target of model '" + plan.model() + "' can be tried now");
    }

    /** Returns the failure to report when the deadline passed. */
    GatewayException deadlineExceeded() {
        return new GatewayException(ErrorKind.TIMEOUT, "deadline_exceeded",
                "the call's deadline passed after " + attempts.size() + " attempt(s) (set by server.request_timeout, "
                + "a gRPC deadline or the x-llmg-timeout header)");
    }

    /** Returns {@code failure} as llmg reports it: a domain exception, or INTERNAL for anything unknown. */
    static GatewayException asGatewayException(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
               && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof GatewayException) {
            return (GatewayException) cause;
        }
        return new GatewayException(ErrorKind.INTERNAL, "internal", "", "the provider call failed unexpectedly",
                                    cause);
    }

    private void end(AttemptOutcome outcome, GatewayException failure) {
        final long now = System.nanoTime();
        call.clock().addWait(now - startedNanos);
        final RoutingAttempt.Builder record =
                RoutingAttempt.newBuilder().setTarget(current().target().toProto()).setOutcome(outcome)
                              .setLatency(Durations.fromNanos(now - startedNanos))
                              .setBackoff(Durations.fromNanos(backoffNanos))
                              .setProviderStatus(attempt.httpStatus())
                              .setProviderRequestId(attempt.providerRequestId());
        if (failure instanceof AnswerRejected) {
            record.setStructuredOutput(((AnswerRejected) failure).check());
        }
        if (failure != null) {
            record.setErrorKind(failure.kind().name()).setErrorReason(failure.reason());
            if (failure instanceof ProviderException) {
                final ProviderException provider = (ProviderException) failure;
                if (record.getProviderStatus() == 0) {
                    record.setProviderStatus(provider.providerStatus());
                }
                if (record.getProviderRequestId().isEmpty()) {
                    record.setProviderRequestId(provider.providerRequestId());
                }
            }
        }
        final RoutingAttempt ended = record.build();
        attempts.add(ended);
        backoffNanos = 0;
        call.routed(decision());
        call.recorder().attemptEnded(ended);
    }
}
