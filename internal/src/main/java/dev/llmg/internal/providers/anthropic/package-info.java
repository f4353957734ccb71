/** The client of Anthropic's Messages API: request mapping, response mapping, stream decoding. */
package dev.llmg.internal.providers.anthropic;
