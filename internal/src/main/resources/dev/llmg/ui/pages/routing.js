// Routing: every target as routing sees it now (breaker, requests in flight, latency EWMA, error rate),
// refreshed every two seconds, and the routing configuration in force: the models and model groups callers
// may name, the rules, and the retry and breaker settings. Reads GET /api/v1/routing/targets and
// GET /api/v1/routing/groups.

import { api } from '../lib/api.js';
import { errorBox, facts, h, replace, table } from '../lib/dom.js';
import { enumWord, formatDuration } from '../lib/format.js';

const BREAKER_CLASS = { BREAKER_STATE_CLOSED: 'status-ok', BREAKER_STATE_OPEN: 'status-bad',
  BREAKER_STATE_HALF_OPEN: 'status-warn' };

/** Draws the routing page and keeps the targets live. */
export async function render(ctx) {
  const targets = h('div', { id: 'targets' });
  const targetsProblem = h('div');
  const configuration = h('div', { id: 'configuration' });
  const updated = h('span', { id: 'targets-updated', class: 'muted', 'aria-live': 'polite' });
  replace(ctx.main,
    h('h1', null, 'Routing'),
    h('h2', null, 'Targets ', updated), targetsProblem, targets,
    configuration);

  async function refreshTargets() {
    const answer = await api('/api/v1/routing/targets', { signal: ctx.signal });
    if (ctx.left) return;
    replace(targets, targetsTable(answer.targets || []));
    replace(targetsProblem);
    updated.textContent = `(live, updated ${new Date().toLocaleTimeString('en-GB', { hour12: false })})`;
  }
  const safely = (task, where) => async () => {
    try {
      await task();
    } catch (error) {
      if (!ctx.left) replace(where, errorBox(error));
    }
  };
  await Promise.all([safely(refreshTargets, targetsProblem)(),
    safely(async () => replace(configuration, configurationView(await api('/api/v1/routing/groups',
      { signal: ctx.signal }))), configuration)()]);
  ctx.every(2000, safely(refreshTargets, targetsProblem));
}

function targetsTable(targets) {
  return table([
    { label: 'Provider', value: (t) => t.target.provider },
    { label: 'Model', value: (t) => t.target.model },
    { label: 'Serves', class: 'wrap', value: (t) => (t.models || []).join(', ') },
    { label: 'Available', value: (t) => (t.available ? h('span', { class: 'status-ok' }, 'yes')
      : h('span', { class: 'status-bad', title: t.unavailableReason || '' }, 'no')) },
    { label: 'Breaker', value: (t) => h('span', { class: BREAKER_CLASS[t.breaker] || '' },
      enumWord(t.breaker, 'BREAKER_STATE_')) },
    { label: 'In flight', class: 'num', value: (t) => String(t.inFlight || 0) },
    { label: 'Latency (EWMA)', class: 'num', value: (t) => formatDuration(t.latency) },
    { label: 'Error rate', class: 'num', value: (t) => `${((t.errorRate || 0) * 100).toFixed(1)} %` },
    { label: 'Why unavailable', class: 'wrap', value: (t) => t.unavailableReason || '' },
  ], targets, { rowId: (t) => `${t.target.provider}/${t.target.model}`, empty: 'No targets are configured.' });
}

function configurationView(answer) {
  const groups = answer.models || answer.groups || [];
  const rules = answer.rules || [];
  return h('div', null,
    h('h2', null, 'Models and model groups'),
    table([
      { label: 'Name', value: (m) => m.name },
      { label: 'Kind', value: (m) => enumWord(m.kind, 'MODEL_KIND_') || (m.group ? 'group' : 'target') },
      { label: 'Strategy', value: (m) => enumWord(m.strategy, 'BALANCING_STRATEGY_') },
      { label: 'Targets', class: 'wrap', value: (m) => (m.targets || []).map(targetWords).join(', ') },
      { label: 'Fallbacks', class: 'wrap', value: (m) => (m.fallbacks || []).join(' → ') },
      { label: 'Attempts', class: 'num', value: (m) => String(m.retryAttempts ?? (m.retry && m.retry.attempts) ?? '') },
      { label: 'Attempt timeout', class: 'num', value: (m) => formatDuration(m.attemptTimeout) },
      { label: 'Structured output', value: (m) => enumWord(m.structuredOutputPolicy || m.structuredOutput || '',
        'STRUCTURED_OUTPUT_POLICY_') },
    ], groups, { rowId: (m) => m.name, empty: 'No models this key may use.' }),
    h('h2', null, 'Rules'),
    h('div', { id: 'rules' }, table([
      { label: '#', class: 'num', value: (r) => String(r.index) },
      { label: 'Name', value: (r) => r.name },
      { label: 'When', class: 'wrap', value: (r) => conditionWords(r) },
      { label: 'Route to', value: (r) => r.routeTo },
      { label: 'Objective', value: (r) => enumWord(r.objective || '', 'ROUTING_OBJECTIVE_') },
    ], rules.map((rule, index) => ({ ...rule, index: index + 1 })),
    { rowId: (r) => r.name, empty: 'No rules (or this key may not see them).' })),
    answer.settings ? [h('h2', null, 'Retries and breakers'), settingsFacts(answer.settings)] : null);
}

function targetWords(target) {
  const base = `${target.provider}/${target.model}`;
  const extras = [];
  if (target.weight) extras.push(`weight ${target.weight}`);
  if (target.priority) extras.push(`priority ${target.priority}`);
  return extras.length ? `${base} (${extras.join(', ')})` : base;
}

function conditionWords(rule) {
  const when = rule.when || rule.conditions || rule;
  const words = [];
  for (const name of ['model', 'tools', 'jsonSchema', 'images', 'streaming', 'minPromptTokens',
    'maxPromptTokens']) {
    if (when[name] !== undefined && when[name] !== '' && when[name] !== null) words.push(`${name} ${when[name]}`);
  }
  for (const [label, value] of Object.entries(when.metadata || {})) words.push(`metadata ${label}=${value}`);
  return words.length ? words.join(', ') : 'always';
}

function settingsFacts(settings) {
  return facts(Object.entries(settings).map(([name, value]) => [name,
    typeof value === 'object' ? JSON.stringify(value) : String(value)]));
}
