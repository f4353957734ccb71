/**
 * Balancers: how a model group orders its eligible targets for one request (the first is the choice, the
 * rest the order to fail over in). A small interface over targets with different wire formats, keys and
 * models, which Armeria's {@code EndpointGroup} strategies (replicas of one server) do not fit.
 */
package dev.llmg.internal.routing.balance;
