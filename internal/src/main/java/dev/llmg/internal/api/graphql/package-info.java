/**
 * The GraphQL front door at {@code /graphql}: queries and mutations over HTTP (GraphQL over HTTP), subscriptions
 * over WebSocket ({@code graphql-transport-ws}), an explorer page for browsers; graphql-java executes the schema
 * checked in at {@code apis/graphql/schema.graphqls}, whose types are the canonical protos seen as proto3 JSON.
 */
package dev.llmg.internal.api.graphql;
