/**
 * OpenAI's wire vocabulary (roles, finish reasons, usage, tool-choice and response-format names), in one
 * place for both directions: the OpenAI provider client reads and writes it towards OpenAI, and the
 * OpenAI-compatible API reads and writes it towards callers.
 */
package dev.llmg.internal.openai;
