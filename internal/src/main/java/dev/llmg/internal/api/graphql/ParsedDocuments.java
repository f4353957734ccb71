package dev.llmg.internal.api.graphql;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * Keeps the documents that parsed and validated, by their text, so that a client sending the same operation again
 * (as clients do: the operations are fixed in their code, only the variables change) skips graphql-java's parsing
 * and validation, most of GraphQL's own cost per call. Bounded: documents over {@link #MAX_LENGTH} characters and
 * any beyond {@link #MAX_ENTRIES} are parsed each time, so a client sending endless distinct documents costs
 * itself time, not the gateway memory. Refused documents are not kept.
 */
final class ParsedDocuments implements PreparsedDocumentProvider {

    static final int MAX_ENTRIES = 1000;
    static final int MAX_LENGTH = 10_000;

    private final Map<String, PreparsedDocumentEntry> documents = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
            ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        final String query = input.getQuery();
        final PreparsedDocumentEntry known = documents.get(query);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        final PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors() && query.length() <= MAX_LENGTH && documents.size() < MAX_ENTRIES) {
            documents.putIfAbsent(query, entry);
        }
        return CompletableFuture.completedFuture(entry);
    }
}
