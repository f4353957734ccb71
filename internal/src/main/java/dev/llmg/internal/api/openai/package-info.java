/**
 * The OpenAI-compatible REST API under {@code /v1}: chat completions (unary and Server-Sent Events), models
 * and embeddings, read from and written as OpenAI's JSON so that any OpenAI SDK works by changing its base
 * URL. Each class does one job: read a request, write an answer, a chunk or an error, or serve a route.
 */
package dev.llmg.internal.api.openai;
