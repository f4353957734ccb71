/**
 * Streams chat completions of the native API as Server-Sent Events: {@code POST
 * /api/v1/chat/completions:stream}, for callers that speak plain HTTP and cannot use gRPC-Web.
 */
package dev.llmg.internal.api.sse;
