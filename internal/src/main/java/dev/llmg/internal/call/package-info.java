/**
 * The call object: what every front door (gRPC, transcoded REST, the OpenAI-compatible API, Server-Sent
 * Events, WebSocket) knows about one call and hands to the use cases, built in one place
 * ({@link dev.llmg.internal.call.CallFactory}): the caller, the deadline, one clock, and the per-call recorder
 * that tracking and telemetry observe.
 */
package dev.llmg.internal.call;
