// What llmg said about an answer, shown beside it: the routing decision, usage, the call's own facts (request id,
// overhead) and the structured-output verdict, all from the answer's gateway block.

import { facts, h, table, tiles } from '../../lib/dom.js';
import { enumWord, formatCount, formatDuration } from '../../lib/format.js';

/** The structured-output verdict and its checks. */
export function structuredVerdict(result) {
  if (!result) return h('p', { class: 'muted' }, 'The request asked for no JSON and had no tool calls.');
  const status = enumWord(result.status, 'STRUCTURED_OUTPUT_STATUS_') || 'unknown';
  const checks = result.checks || [];
  return h('div', null,
    facts([
      ['Status', h('span', { id: 'structured-status', class: status === 'valid' ? 'status-ok'
        : (status === 'repaired' ? 'status-warn' : 'status-bad') }, status)],
      ['Policy', enumWord(result.policy, 'STRUCTURED_OUTPUT_POLICY_') || '–'],
      ['Correction turns', String(result.corrections || 0)],
      ['Emulated', result.emulated ? 'yes: the target has no native structured output' : ''],
    ]),
    checks.length ? table([
      { label: 'Value', value: (check) => (check.toolName ? `tool call ${check.toolCall ?? ''} (${check.toolName})`
        : `choice ${check.choice || 0} content`) },
      { label: 'Status', value: (check) => enumWord(check.status, 'STRUCTURED_OUTPUT_STATUS_') },
      { label: 'Repairs', class: 'wrap', value: (check) => (check.repairs || []).join(', ') || '–' },
      { label: 'Errors', class: 'wrap', value: (check) => ((check.errors || []).length
        ? h('ul', null, check.errors.map((text) => h('li', null, text))) : '–') },
      { label: 'Cut off', value: (check) => (check.truncated ? 'yes' : 'no') },
    ], checks, { caption: 'Checks' }) : null);
}

/** The routing decision: rule, group, strategy, every attempt and the targets not tried. */
export function routingView(routing) {
  if (!routing) return h('p', { class: 'muted' }, 'No routing decision was returned.');
  const attempts = routing.attempts || [];
  const skipped = routing.skipped || [];
  return h('div', null,
    facts([
      ['Requested model', routing.requestedModel || '–'],
      ['Rule', routing.rule || 'none matched'],
      ['Routed to', routing.model || '–'],
      ['Strategy', routing.strategy || '–'],
      ['Fallbacks', (routing.fallbacks || []).join(' → ')],
      ['Summary', routing.summary || ''],
    ]),
    table([
      { label: '#', class: 'num', value: (attempt) => String(attempts.indexOf(attempt) + 1) },
      { label: 'Target', value: (attempt) => `${(attempt.target || {}).provider || '?'}/${(attempt.target || {}).model
        || '?'}` },
      { label: 'Outcome', value: (attempt) => h('span', { class: attempt.outcome === 'ATTEMPT_OUTCOME_SUCCEEDED'
        ? 'status-ok' : 'status-bad' }, enumWord(attempt.outcome, 'ATTEMPT_OUTCOME_') || '–') },
      { label: 'Latency', class: 'num', value: (attempt) => formatDuration(attempt.latency) },
      { label: 'Error', class: 'wrap', value: (attempt) => [attempt.errorKind, attempt.errorReason].filter(Boolean)
        .join(': ') || '–' },
    ], attempts, { caption: 'Attempts', empty: 'No attempt.' }),
    skipped.length ? table([
      { label: 'Skipped target', value: (skip) => `${(skip.target || {}).provider}/${(skip.target || {}).model}` },
      { label: 'Why', class: 'wrap', value: (skip) => skip.detail || skip.reason || '–' },
    ], skipped, { caption: 'Not tried' }) : null);
}

/** The usage tiles, saying when llmg estimated them. */
export function usageView(usage) {
  return [usage ? tiles([
    ['Input tokens', formatCount(usage.inputTokens), 'input'],
    ['Output tokens', formatCount(usage.outputTokens), 'output'],
    ['Total', formatCount(usage.totalTokens), 'total'],
    ['Cached input', formatCount(usage.cachedInputTokens), 'cached'],
    ['Reasoning', formatCount(usage.reasoningTokens), 'reasoning'],
  ]) : h('p', { class: 'muted' }, 'No usage was reported.'),
  usage && usage.estimated ? h('p', { class: 'muted' }, 'Estimated by llmg: the provider reported none.') : null];
}

/** The call's facts: its request id (a link to its inference), the target, attempts and llmg's overhead. */
export function gatewayFacts(gateway) {
  return facts([
    ['Request id', gateway.requestId ? h('a', { id: 'request-id', href: `#/inferences/${encodeURIComponent(
      gateway.requestId)}` }, gateway.requestId) : ''],
    ['Served by', gateway.provider ? `${gateway.provider}/${gateway.model || '?'}` : ''],
    ['Attempts', gateway.attempts ? String(gateway.attempts) : ''],
    ['Gateway overhead', gateway.overhead ? h('span', { id: 'overhead' }, formatDuration(gateway.overhead)) : ''],
    ['Provider request id', gateway.providerRequestId || ''],
    ['Instruction', gateway.instruction ? `${gateway.instruction.name} v${gateway.instruction.version}` : ''],
  ]);
}
