/** Google's Gemini API (the Generative Language API with an API key) as a chat provider. */
package dev.llmg.internal.providers.gemini;
