/**
 * JSON Schemas that callers send (a structured answer's, a tool's arguments'): checks that they are shaped
 * like schemas and cannot be turned against the gateway, with the ceilings in one place
 * ({@link dev.llmg.internal.schema.SchemaLimits}) for everything that reads, generates or validates against
 * them.
 */
package dev.llmg.internal.schema;
