/** A small Java client for llmg's gRPC API. */
package dev.llmg.client;
