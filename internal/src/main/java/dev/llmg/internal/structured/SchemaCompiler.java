package dev.llmg.internal.structured;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * Compiles JSON Schemas with networknt's validator, configured for schemas that come from callers: nothing is
 * ever loaded from outside the schema, and whatever goes wrong becomes a message rather than an exception.
 *
 * <p>Drafts: a schema's {@code $schema} picks draft 2020-12, 2019-09, 07 (or 06, 04); a schema without one is
 * 2020-12, the draft the providers' structured outputs follow. Instance locations are JSON paths
 * ({@code $.items[2].price}), which callers and models read more easily than JSON pointers. Formats are
 * annotations only, as 2020-12 says, so that a model is not retried over an e-mail address a regular expression
 * dislikes.
 *
 * <p>Not fetching: every load (a remote or relative {@code $ref}, {@code classpath:}, {@code file:}, an unknown
 * {@code $schema}) is refused by the loader's allow-predicate before any resource loader runs, so no network call
 * or file read can happen whatever the schema says; the meta-schemas of the known drafts are built in and need no
 * load. The refusal is thrown as {@link ExternalSchemaRefused}, which networknt lets through (sometimes as a
 * cause), and then described.
 */
final class SchemaCompiler {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                                  .pathType(PathType.JSON_PATH)
                                                  .formatAssertionsEnabled(false)
                                                  .locale(Locale.ROOT)
                                                  .build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false).allow(SchemaCompiler::refuse)));

    /** Returns {@code schema} compiled, or the reason it cannot be used. */
    CompiledSchema compile(JsonNode schema) {
        try {
            return CompiledSchema.of(registry.getSchema(schema));
        } catch (RuntimeException | StackOverflowError e) {
            return CompiledSchema.unusable(describe(schema, e));
        }
    }

    /** Says why {@code schema} could not be compiled or used, naming a refused load with the keyword that asked. */
    static String describe(JsonNode schema, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExternalSchemaRefused) {
                final String iri = t.getMessage();
                final String dialect = schema.path("$schema").asText("");
                if (!dialect.isEmpty() && stripFragment(dialect).equals(stripFragment(iri))) {
                    return "the schema's $schema '" + iri + "' is not supported: llmg knows drafts 2020-12, "
                           + "2019-09, 07, 06 and 04 and loads no meta-schema";
                }
                return "the schema's $ref '" + iri + "' is not followed: llmg resolves only refs inside the schema";
            }
        }
        if (failure instanceof StackOverflowError) {
            return "the schema could not be used: its references nest too deeply";
        }
        final String reason = failure.getMessage() == null ? failure.getClass().getSimpleName()
                                                           : failure.getMessage();
        return "the schema could not be used: " + reason;
    }

    private static String stripFragment(String iri) {
        final int hash = iri.indexOf('#');
        return hash < 0 ? iri : iri.substring(0, hash);
    }

    private static boolean refuse(AbsoluteIri iri) {
        throw new ExternalSchemaRefused(String.valueOf(iri));
    }

    /** A schema compiled, or the message saying why it could not be. */
    record CompiledSchema(Schema schema, List<String> problems) {

        static CompiledSchema of(Schema schema) {
            return new CompiledSchema(schema, List.of());
        }

        static CompiledSchema unusable(String problem) {
            return new CompiledSchema(null, List.of(problem));
        }
    }

    /** Thrown by the loader's allow-predicate for every load; its message is the IRI that was asked for. */
    static final class ExternalSchemaRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExternalSchemaRefused(String iri) {
            super(iri, null, false, false);
        }
    }
}
