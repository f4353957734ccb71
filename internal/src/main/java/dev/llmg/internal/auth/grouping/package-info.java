/**
 * The grouping of callers, as the original llmg defined it (tenants, teams, nested groups, endpoints and their
 * keys), read from configuration and resolved so that each endpoint knows its nearest upstream, allowlist and tags.
 * Groundwork of the tenancy issue: not yet wired to requests, the configuration or the admin API.
 */
package dev.llmg.internal.auth.grouping;
