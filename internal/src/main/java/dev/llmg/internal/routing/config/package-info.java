/**
 * The routing parts of the configuration ({@code models} and {@code routing}) as immutable records bound by
 * {@link dev.llmg.internal.config.ConfigBinder}: what users write, validated, before the routing table is
 * built from it.
 */
package dev.llmg.internal.routing.config;
