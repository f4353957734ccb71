package dev.llmg.cmd.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges one reply against what its case may get, and fails with one readable line per case: the surface,
 * the field path, the mutation, what is wrong, and the status and message received.
 */
final class Verdict {

    private Verdict() {}

    /** Fails unless {@code reply} is acceptable for an input that may get {@code expectation}. */
    static void check(String surface, String caseName, Expectation expectation, Reply reply) {
        final List<String> problems = problems(expectation, reply);
        if (!problems.isEmpty()) {
            throw new AssertionError(surface + " · " + caseName + ": " + String.join("; ", problems)
                                     + "\n    got " + reply.status() + ": " + Reply.excerpt(reply.excerpt(), 400));
        }
    }

    /** Returns what is wrong with {@code reply}; empty when it is acceptable. */
    static List<String> problems(Expectation expectation, Reply reply) {
        final List<String> problems = new ArrayList<>();
        switch (reply.kind()) {
            case NO_ANSWER:
                problems.add("no complete answer in time (the caller hangs)");
                break;
            case SERVER_ERROR:
                problems.add("a server error for a caller's mistake (expected "
                             + (expectation.allowsAnswer() ? "an answer or " : "") + "a 4xx / non-INTERNAL refusal)");
                break;
            case ANSWER:
                if (!expectation.allowsAnswer()) {
                    problems.add("accepted a malformed input instead of refusing it");
                }
                problems.addAll(reply.shapeProblems());
                break;
            default:
                if (!expectation.allowsRefusal()) {
                    problems.add("refused the valid base request");
                }
                problems.addAll(reply.shapeProblems());
                problems.addAll(MessageHygiene.problems(reply.message()));
        }
        return problems;
    }
}
