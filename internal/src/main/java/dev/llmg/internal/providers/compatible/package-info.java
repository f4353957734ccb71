/** OpenAI-compatible servers (vLLM, Ollama, ...): OpenAI's client with their auth header, aliases and usage estimate. */
package dev.llmg.internal.providers.compatible;
