package dev.llmg.internal.api.graphql;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.llmg.spi.GatewayException;

/**
 * One GraphQL request as both transports carry it: {@code query}, {@code variables} and {@code operationName}
 * (GraphQL over HTTP's body or query parameters, {@code graphql-transport-ws}'s subscribe payload).
 *
 * @param query the document
 * @param variables the variables' values, empty when none
 * @param operationName the operation to run when the document has several, or null
 */
record GraphqlRequest(String query, Map<String, Object> variables, String operationName) {

    /** Reads a request from a JSON object, or throws an INVALID_ARGUMENT saying what is wrong with it. */
    static GraphqlRequest fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw GatewayException.invalidArgument("", "the request must be a JSON object with \"query\", and "
                                                       + "optionally \"variables\" and \"operationName\"");
        }
        final JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isBlank()) {
            throw GatewayException.invalidArgument("query", "\"query\" must be the GraphQL document, a string");
        }
        final JsonNode name = body.get("operationName");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw GatewayException.invalidArgument("operationName", "\"operationName\" must be a string or null");
        }
        return new GraphqlRequest(query.asText(), variables(body.get("variables")),
                                  name == null || name.isNull() ? null : name.asText());
    }

    /** Reads a request from GET's query parameters; {@code variables} is a JSON text there. */
    static GraphqlRequest fromParameters(String query, String variables, String operationName) {
        if (query == null || query.isBlank()) {
            throw GatewayException.invalidArgument("query", "GET /graphql needs the document in the \"query\" "
                                                            + "parameter");
        }
        JsonNode vars = null;
        if (variables != null && !variables.isEmpty()) {
            try {
                vars = ProtoGraph.mapper().readTree(variables);
            } catch (JsonProcessingException e) {
                throw GatewayException.invalidArgument("variables", "the \"variables\" parameter must be a JSON "
                                                                    + "object");
            }
        }
        return new GraphqlRequest(query, variables(vars),
                                  operationName == null || operationName.isEmpty() ? null : operationName);
    }

    private static Map<String, Object> variables(JsonNode variables) {
        if (variables == null || variables.isNull()) {
            return Map.of();
        }
        if (!variables.isObject()) {
            throw GatewayException.invalidArgument("variables", "\"variables\" must be a JSON object of the "
                                                                + "variables' values");
        }
        final Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> entry = it.next();
            values.put(entry.getKey(), ProtoGraph.mapper().convertValue(entry.getValue(), Object.class));
        }
        return values;
    }
}
