/**
 * Where llmg keeps what it records: the connection pool, the JDBI handle on it and the Flyway migrations
 * of the schema, on an embedded H2 file by default or on PostgreSQL. Everything here blocks on the
 * database; callers run it on their own threads, never on an event loop.
 */
package dev.llmg.internal.storage;
