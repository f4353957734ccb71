/**
 * Structured output: reading, mending and (to come) validating the JSON values models answer with. The
 * tolerant reader here serves both the repair of whole answers and the partial objects of streamed ones.
 */
package dev.llmg.internal.structured;
