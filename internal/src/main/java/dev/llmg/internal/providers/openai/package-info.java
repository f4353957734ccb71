/**
 * The client of OpenAI's Chat Completions API and of servers compatible with it: request and response
 * mapping, stream decoding and error mapping, one file each.
 */
package dev.llmg.internal.providers.openai;
