package dev.llmg.internal.api.graphql;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.AsyncSerialExecutionStrategy;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.grpc.Status;

/**
 * Builds the one {@link GraphQL} engine of the gateway from the checked-in schema ({@code schema.graphqls}, copied
 * from {@code apis/graphql/} at build time) and {@link GatewayFetchers}, with the limits of {@code server.graphql}:
 * an operation nested deeper or selecting more fields than allowed is refused before anything runs.
 */
@Singleton
final class GraphqlEngine {

    /** Where the build puts the schema on the class path. */
    static final String SCHEMA = "schema.graphqls";

    private final GraphQL graphql;
    private final String schemaText;

    @Inject
    GraphqlEngine(GatewayFetchers fetchers, GraphqlSettings settings) {
        requireNonNull(fetchers, "fetchers");
        schemaText = readSchema();
        final RuntimeWiring wiring = fetchers.wire(RuntimeWiring.newRuntimeWiring()
                                                                .scalar(Scalars.INT64).scalar(Scalars.JSON)).build();
        final GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(schemaText),
                                                                                wiring);
        final GraphqlErrors errors = new GraphqlErrors();
        graphql = GraphQL.newGraphQL(schema)
                         .queryExecutionStrategy(new AsyncExecutionStrategy(errors))
                         .mutationExecutionStrategy(new AsyncSerialExecutionStrategy(errors))
                         .subscriptionExecutionStrategy(new SubscriptionExecutionStrategy(errors))
                         .instrumentation(new ChainedInstrumentation(List.of(
                                 new DepthLimit(settings.maxDepth()), new ComplexityLimit(settings.maxComplexity()))))
                         .preparsedDocumentProvider(new ParsedDocuments())
                         .build();
    }

    /** Returns the engine. */
    GraphQL graphql() {
        return graphql;
    }

    /** Returns the schema's text, as checked in. */
    String schemaText() {
        return schemaText;
    }

    private static String readSchema() {
        try (InputStream in = GraphqlEngine.class.getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA + " is not on the class path beside " + GraphqlEngine.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses an operation nested deeper than {@code server.graphql.max_depth}, with a reason a client can read. */
    private static final class DepthLimit extends MaxQueryDepthInstrumentation {
        private final int max;

        DepthLimit(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
            return new AbortExecutionException(List.of(GraphqlErrors.request(Status.Code.INVALID_ARGUMENT,
                    "query_too_deep", "the operation nests " + depth + " levels deep, more than the " + max
                                      + " allowed (server.graphql.max_depth); ask for fewer nested fields")));
        }
    }

    /** Refuses an operation selecting more fields than {@code server.graphql.max_complexity}. */
    private static final class ComplexityLimit extends MaxQueryComplexityInstrumentation {
        private final int max;

        ComplexityLimit(int max) {
            super(max);
            this.max = max;
        }

        @Override
        protected AbortExecutionException mkAbortException(int totalComplexity, int maxComplexity) {
            return new AbortExecutionException(List.of(GraphqlErrors.request(Status.Code.INVALID_ARGUMENT,
                    "query_too_complex", "the operation selects " + totalComplexity + " fields, more than the "
                                         + max + " allowed (server.graphql.max_complexity); ask for fewer")));
        }
    }
}
