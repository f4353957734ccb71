/**
 * What the streaming adapters over plain HTTP share: Server-Sent Events ({@code api.sse}) and WebSocket
 * ({@code api.ws}) parse the same chat JSON, print the same error JSON, and relay a stream to the wire one
 * piece at a time.
 */
package dev.llmg.internal.api.streaming;
