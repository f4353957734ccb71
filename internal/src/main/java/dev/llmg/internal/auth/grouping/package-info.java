/**
 * The grouping of callers, as the original llmg defined it (tenants, teams, nested groups, endpoints and their
 * keys), from the configuration's {@code tenants} and the admin API's levels and keys merged, resolved so that each
 * endpoint knows its nearest upstream, allowlist, tags and parameters, and the limited scopes it counts against.
 */
package dev.llmg.internal.auth.grouping;
