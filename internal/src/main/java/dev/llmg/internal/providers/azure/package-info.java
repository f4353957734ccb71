/** Azure OpenAI: OpenAI's client with Azure's URL styles, authentication and deployment names. */
package dev.llmg.internal.providers.azure;
