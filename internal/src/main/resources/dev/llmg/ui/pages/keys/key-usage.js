// Each key's last day of usage, from the usage report grouped by caller.

/**
 * Usage rows grouped by caller, keyed by key hint. A key's calls are recorded under the caller "key:" and the
 * first 12 hex digits of its SHA-256; its hint is the first 8 of the same hash.
 */
export function usageByHint(rows) {
  const result = new Map();
  for (const row of rows) {
    const match = /^key:([0-9a-f]{8})/.exec(row.key || '');
    if (!match) continue;
    const sum = result.get(match[1]) || { requests: 0, tokens: 0, cost: 0 };
    sum.requests += Number(row.requests || 0);
    sum.tokens += Number(row.inputTokens || 0) + Number(row.outputTokens || 0);
    sum.cost += Number(row.costUsd || 0);
    result.set(match[1], sum);
  }
  return result;
}
