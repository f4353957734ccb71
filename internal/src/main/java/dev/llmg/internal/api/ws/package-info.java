/**
 * Streams chat completions of the native API over one WebSocket at {@code /api/v1/ws}: several streams at
 * once, each tagged with a client-chosen id, cancellable one by one. The protocol is in
 * {@code apis/websocket.md}.
 */
package dev.llmg.internal.api.ws;
