/**
 * Reads Server-Sent Events streams incrementally, for providers that stream their answers that way.
 */
package dev.llmg.internal.providers.sse;
