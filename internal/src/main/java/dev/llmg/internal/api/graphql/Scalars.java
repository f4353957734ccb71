package dev.llmg.internal.api.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;

/** The schema's own scalars: {@code Int64} (proto int64) and {@code JSON} (a Struct, a Value, or proto3 JSON). */
final class Scalars {

    private Scalars() {}

    /** A 64-bit integer; proto3 JSON prints int64 as a string, GraphQL clients read a number. */
    static final GraphQLScalarType INT64 = GraphQLScalarType.newScalar().name("Int64")
            .description("A 64-bit integer (proto int64), written as a JSON number.")
            .coercing(new Coercing<Long, Long>() {
                @Override
                public Long serialize(Object value, GraphQLContext context, Locale locale) {
                    try {
                        return value instanceof Number ? ((Number) value).longValue()
                                                      : Long.parseLong(value.toString());
                    } catch (NumberFormatException e) {
                        throw new CoercingSerializeException("not a 64-bit integer: " + value);
                    }
                }

                @Override
                public Long parseValue(Object input, GraphQLContext context, Locale locale) {
                    if (input instanceof Integer || input instanceof Long) {
                        return ((Number) input).longValue();
                    }
                    if (input instanceof String) {
                        try {
                            return Long.parseLong((String) input);
                        } catch (NumberFormatException e) {
                            // falls through to the error below
                        }
                    }
                    throw new CoercingParseValueException("Int64 takes a whole number, not " + input);
                }

                @Override
                public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                         Locale locale) {
                    if (input instanceof IntValue) {
                        return ((IntValue) input).getValue().longValueExact();
                    }
                    if (input instanceof StringValue) {
                        return parseValue(((StringValue) input).getValue(), context, locale);
                    }
                    throw new CoercingParseLiteralException("Int64 takes a whole number");
                }
            }).build();

    /** Any JSON value, passed through as it is; the proto reader checks it against its field. */
    static final GraphQLScalarType JSON = GraphQLScalarType.newScalar().name("JSON")
            .description("Any JSON value.")
            .coercing(new Coercing<Object, Object>() {
                @Override
                public Object serialize(Object value, GraphQLContext context, Locale locale) {
                    return value;
                }

                @Override
                public Object parseValue(Object input, GraphQLContext context, Locale locale) {
                    return input;
                }

                @Override
                public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                                           Locale locale) {
                    return literal(input, variables);
                }
            }).build();

    private static Object literal(Value<?> input, CoercedVariables variables) {
        if (input instanceof NullValue) {
            return null;
        }
        if (input instanceof StringValue) {
            return ((StringValue) input).getValue();
        }
        if (input instanceof BooleanValue) {
            return ((BooleanValue) input).isValue();
        }
        if (input instanceof IntValue) {
            return ((IntValue) input).getValue();
        }
        if (input instanceof FloatValue) {
            return ((FloatValue) input).getValue();
        }
        if (input instanceof VariableReference) {
            return variables.get(((VariableReference) input).getName());
        }
        if (input instanceof ArrayValue) {
            final List<Object> list = new ArrayList<>();
            ((ArrayValue) input).getValues().forEach(value -> list.add(literal(value, variables)));
            return list;
        }
        if (input instanceof ObjectValue) {
            final Map<String, Object> map = new LinkedHashMap<>();
            for (ObjectField field : ((ObjectValue) input).getObjectFields()) {
                map.put(field.getName(), literal(field.getValue(), variables));
            }
            return map;
        }
        throw new CoercingParseLiteralException("not a JSON value: " + input);
    }
}
