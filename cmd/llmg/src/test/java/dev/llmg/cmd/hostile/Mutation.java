package dev.llmg.cmd.hostile;

/**
 * One way to spoil a value: its name for the report, the raw JSON that replaces the value, and what the gateway
 * may answer to it.
 *
 * @param name what it does, e.g. {@code "string for number"}
 * @param json the raw JSON text of the new value
 * @param expectation what the gateway may answer
 */
record Mutation(String name, String json, Expectation expectation) {

    /** Returns a mutation that must be refused. */
    static Mutation refused(String name, String json) {
        return new Mutation(name, json, Expectation.REFUSAL);
    }

    /** Returns a mutation that may be answered or refused. */
    static Mutation either(String name, String json) {
        return new Mutation(name, json, Expectation.ANSWER_OR_REFUSAL);
    }
}
