package dev.llmg.bench;

/**
 * Names one system and route to load, and how to call it.
 *
 * @param system the system under test
 * @param route the route called
 * @param stubLatencyMs the stub latency behind it
 * @param stream whether the answer is streamed
 * @param target how to send one request
 * @param pid the system's process id when its CPU and memory are measured, or 0
 */
record Scenario(String system, String route, int stubLatencyMs, boolean stream, Target target, long pid) {}
