package dev.llmg.internal.quota;

/**
 * One scope whose limits a call counts against, e.g. {@code tenant:acme} or {@code endpoint:acme/search/api}.
 *
 * @param id the scope's id, unique across kinds
 * @param limits its limits
 */
public record QuotaScope(String id, QuotaLimits limits) {}
