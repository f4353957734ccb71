/**
 * Keeps credentials out of what llmg says: every string that came from a provider, or that describes a
 * failure, passes through {@link dev.llmg.internal.secrets.CredentialScrubber} before it can reach a caller,
 * a log, a record or a span.
 */
package dev.llmg.internal.secrets;
