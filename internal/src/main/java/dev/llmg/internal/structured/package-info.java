/**
 * Structured output: reading, mending and validating the JSON values models answer with (json_schema and
 * json_object answers, tool-call arguments). {@link dev.llmg.internal.structured.StructuredReader} is the pipeline
 * the gateway runs on an answer; it reads with the {@link dev.llmg.internal.structured.TolerantJsonReader} (which
 * also serves the partial objects of streamed answers), mends by the schema with
 * {@link dev.llmg.internal.structured.SchemaCoercion} and checks with the shared
 * {@link dev.llmg.internal.structured.SchemaValidator}. Per call,
 * {@link dev.llmg.internal.structured.StructuredAttempts} applies the policy across routing's attempts (schema
 * emulation, correction turns, rejected answers, held streams), and
 * {@link dev.llmg.internal.structured.StructuredStream} adds the partial values to a stream the caller receives.
 */
package dev.llmg.internal.structured;
