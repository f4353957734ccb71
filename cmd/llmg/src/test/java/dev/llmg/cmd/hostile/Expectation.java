package dev.llmg.cmd.hostile;

/**
 * What a hostile input may get back. Each generator decides it per case, so that an input that is odd but
 * legal (an unknown field, a null, a huge text) is not counted as a defect when the gateway answers it.
 */
enum Expectation {

    /** The input is valid and must be answered: the control that proves the base request is not refused. */
    ANSWER,

    /** The input is malformed and must be refused: a 4xx, or a gRPC status other than OK, INTERNAL and UNKNOWN. */
    REFUSAL,

    /** The input is legal or the protocol leaves it open: an answer or a clean refusal will do. */
    ANSWER_OR_REFUSAL;

    /** Returns whether an answer (2xx, gRPC OK) is acceptable. */
    boolean allowsAnswer() {
        return this != REFUSAL;
    }

    /** Returns whether a clean refusal is acceptable. */
    boolean allowsRefusal() {
        return this != ANSWER;
    }
}
