/**
 * The health of each routing target, shared by every call and kept across configuration reloads: its
 * circuit breaker, requests in flight, latency and error rate, and its retry budget.
 */
package dev.llmg.internal.routing.health;
