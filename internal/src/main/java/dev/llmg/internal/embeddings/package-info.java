/**
 * The embeddings use case, the same for every protocol: check the request, route it by model to a provider
 * that can embed, and add the gateway's metadata to the answer.
 */
package dev.llmg.internal.embeddings;
