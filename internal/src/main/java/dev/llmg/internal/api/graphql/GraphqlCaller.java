package dev.llmg.internal.api.graphql;

import java.util.function.Supplier;

import com.linecorp.armeria.server.ServiceRequestContext;

import dev.llmg.internal.call.Call;

/**
 * What one GraphQL operation's fetchers need of its transport, kept in the operation's {@code GraphQLContext}:
 * the request whose caller the services read, and how a chat call is made (from the HTTP request, or as one
 * stream of a WebSocket).
 *
 * @param ctx the HTTP request, or the WebSocket's upgrade request
 * @param calls makes the {@link Call} of a chat completion or stream
 */
record GraphqlCaller(ServiceRequestContext ctx, Supplier<Call> calls) {}
