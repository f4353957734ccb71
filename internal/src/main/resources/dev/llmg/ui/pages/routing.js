// Routing: every target as routing sees it now (breaker, requests in flight, latency EWMA, error rate),
// refreshed every two seconds, and the routing configuration in force: the models and model groups callers
// may name, the rules, and the retry and breaker settings. Reads GET /api/v1/routing/targets and
// GET /api/v1/routing/groups.

import { api } from '../lib/api.js';
import { errorBox, facts, h, replace, table } from '../lib/dom.js';
import { enumWord, formatClock, formatDuration, formatPercent } from '../lib/format.js';

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
    updated.textContent = `(live, updated ${formatClock()})`;
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
    { label: 'Error rate', class: 'num', value: (t) => formatPercent(t.errorRate, 1) },
    { label: 'Why unavailable', class: 'wrap', value: (t) => t.unavailableReason || '' },
  ], targets, { rowId: (t) => `${t.target.provider}/${t.target.model}`, empty: 'No targets are configured.' });
}

function configurationView(answer) {
  const models = answer.models || [];
  const rules = (answer.rules || []).map((rule, index) => ({ ...rule, index: index + 1 }));
  return h('div', null,
    h('h2', null, 'Models and model groups'),
    h('div', { id: 'models' }, table([
      { label: 'Name', value: (m) => m.name },
      { label: 'Kind', value: (m) => enumWord(m.kind, 'ROUTED_MODEL_KIND_') },
      { label: 'Strategy', value: (m) => enumWord(m.strategy) },
      { label: 'Targets', class: 'wrap', value: (m) => (m.targets || []).map(targetWords).join(', ') },
      { label: 'Fallbacks', class: 'wrap', value: (m) => (m.fallbacks || []).join(' → ') },
      { label: 'Attempts', class: 'num', value: (m) => String((m.retry && m.retry.attempts) || '') },
      { label: 'Attempt timeout', class: 'num', value: (m) => timeoutWords(m.attemptTimeout) },
      { label: 'Structured output', value: (m) => m.structuredOutputPolicy || '' },
      { label: 'Available', value: (m) => (m.available ? h('span', { class: 'status-ok' }, 'yes')
        : h('span', { class: 'status-bad' }, 'no')) },
    ], models, { rowId: (m) => m.name, empty: 'No models this key may use.' })),
    h('h2', null, 'Rules'),
    h('p', { class: 'muted' }, 'Tried in order: the first whose conditions all hold sends the request to its '
      + 'model instead of the one it named.'),
    h('div', { id: 'rules' }, table([
      { label: '#', class: 'num', value: (r) => String(r.index) },
      { label: 'Name', value: (r) => r.name },
      { label: 'When', class: 'wrap', value: (r) => conditionWords(r.when || {}) },
      { label: 'Route to', value: (r) => r.routeTo },
      { label: 'Objective', value: (r) => enumWord(r.objective || '', 'ROUTING_OBJECTIVE_') || 'its strategy' },
    ], rules, { rowId: (r) => r.name, empty: 'No rules (or this key may not see them).' })),
    answer.defaults ? [h('h2', null, 'Retries, budget and breakers'), defaultsFacts(answer.defaults)] : null);
}

function targetWords(entry) {
  const target = entry.target || {};
  const extras = [];
  if (entry.weight && entry.weight !== 1) extras.push(`weight ${entry.weight}`);
  if (entry.priority) extras.push(`priority ${entry.priority}`);
  const base = `${target.provider}/${target.model}`;
  return extras.length ? `${base} (${extras.join(', ')})` : base;
}

function timeoutWords(duration) {
  return !duration || parseFloat(duration) === 0 ? 'none' : formatDuration(duration);
}

const CONDITIONS = [['model', 'model is'], ['tools', 'tools'], ['jsonSchema', 'JSON schema'], ['images', 'images'],
  ['streaming', 'streaming'], ['minPromptTokens', 'prompt tokens ≥'], ['maxPromptTokens', 'prompt tokens ≤']];

function conditionWords(when) {
  const words = CONDITIONS.filter(([name]) => when[name] !== undefined && when[name] !== '')
    .map(([name, label]) => `${label} ${when[name]}`);
  for (const [label, value] of Object.entries(when.metadata || {})) words.push(`metadata ${label} = ${value}`);
  return words.length ? words.join(', ') : 'always';
}

function defaultsFacts(defaults) {
  const retry = defaults.retry || {};
  const budget = defaults.retryBudget || {};
  const breaker = defaults.breaker || {};
  return facts([
    ['Retries', `${retry.attempts || 1} attempts of a target, backoff ${formatDuration(retry.backoff)} doubling `
      + `up to ${formatDuration(retry.maxBackoff)} (full jitter)`],
    ['Attempt timeout', timeoutWords(defaults.attemptTimeout)],
    ['Retry budget', `${Math.round((budget.ratio || 0) * 100)} % of a target's requests over `
      + `${formatDuration(budget.window)}, plus ${budget.minPerSecond || 0} per second`],
    ['Breaker', `opens when ${Math.round((breaker.failureRatio || 0) * 100)} % of at least `
      + `${breaker.minimumRequests || 0} requests failed over ${formatDuration(breaker.window)}`
      + `${breaker.consecutiveFailures ? `, or after ${breaker.consecutiveFailures} failures in a row` : ''}; `
      + `cools down for ${formatDuration(breaker.coolDown)}`],
  ]);
}
