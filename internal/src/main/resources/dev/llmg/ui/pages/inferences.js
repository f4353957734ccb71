// The inferences page: recorded calls, filtered by what the address says (so a filtered view can be bookmarked),
// a page at a time (GET /api/v1/inferences, keyset pages: llmg never counts the matching rows, so there is no
// "page 3 of 40"); and one call's detail (GET /api/v1/inferences/{id}): why it was routed where it went, every
// attempt, usage, the structured-output verdict and, when they were recorded, the bodies.

import { api } from '../lib/api.js';
import { errorBox, facts, field, h, replace, select, table, tiles } from '../lib/dom.js';
import { enumWord, formatCount, formatDuration, formatTime, formatUsd, prettyJson } from '../lib/format.js';

/** The gRPC status code names a call can end with (the API's status filter takes them). */
const STATUS_CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND',
  'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

/** Time range presets: the address keeps the preset (range=hour), so a bookmark stays "the last hour". */
const RANGES = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3 };

/** The filters the address may carry, each also a ListInferences query parameter (range and page_size aside). */
const FILTERS = ['model', 'provider', 'status', 'caller', 'structured_status', 'range', 'start_time', 'end_time',
  'page_size'];

/** Draws the list, or one call's detail when the address names it (#/inferences/<id>). */
export async function render(ctx) {
  if (ctx.args.length > 0) {
    await renderDetail(ctx, ctx.args[0]);
    return;
  }
  await renderList(ctx);
}

// ---------------------------------------------------------------------------------------------------------------
// The list

function filtersOf(query) {
  const filters = {};
  for (const name of FILTERS) {
    const value = (query.get(name) || '').trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/**
 * The ListInferences query for filters; a preset range becomes a start time before `now` (fixed while paging,
 * so that every page belongs to the same listing).
 */
function listQuery(filters, pageToken, now) {
  const query = {
    model: filters.model,
    provider: filters.provider,
    status: filters.status,
    caller: filters.caller,
    structured_status: filters.structured_status,
    start_time: filters.start_time,
    end_time: filters.end_time,
    'page.page_size': filters.page_size,
    'page.page_token': pageToken,
  };
  if (RANGES[filters.range]) {
    query.start_time = new Date(now - RANGES[filters.range]).toISOString();
    query.end_time = undefined;
  }
  return query;
}

/** "2026-12-03T06:00:00Z" → "2026-12-03T07:00" in the reader's local time, for a datetime-local input. */
function toLocalInput(timestamp) {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60e3);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value (local time) → RFC 3339 in UTC, as the API takes it; '' when empty. */
function fromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Options of a filter select: "any" first, then the known values, then the address's value if unknown. */
function filterOptions(anyLabel, values, current) {
  const known = [...new Set(values)].sort();
  if (current && !known.includes(current)) known.push(current);
  return [['', anyLabel], ...known];
}

async function loadChoices(signal) {
  const [models, targets] = await Promise.allSettled([
    api('/api/v1/models', { query: { 'page.page_size': 1000 }, signal }),
    api('/api/v1/routing/targets', { signal }),
  ]);
  return {
    models: models.status === 'fulfilled' ? (models.value.models || []).map((model) => model.id) : [],
    providers: targets.status === 'fulfilled'
      ? (targets.value.targets || []).map((target) => (target.target || {}).provider).filter(Boolean) : [],
  };
}

function filterForm(filters, choices, onApply) {
  const model = select(filterOptions('Any model', choices.models, filters.model),
    { id: 'filter-model', name: 'model', value: filters.model || '' });
  const provider = select(filterOptions('Any provider', choices.providers, filters.provider),
    { id: 'filter-provider', name: 'provider', value: filters.provider || '' });
  const status = select(filterOptions('Any status', STATUS_CODES, filters.status ? filters.status.toUpperCase() : ''),
    { id: 'filter-status', name: 'status', value: filters.status ? filters.status.toUpperCase() : '' });
  const caller = h('input', { id: 'filter-caller', name: 'caller', type: 'text', value: filters.caller || '',
    autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. anonymous' });
  const structured = select([['', 'Any'], ['valid', 'valid'], ['repaired', 'repaired'], ['invalid', 'invalid']],
    { id: 'filter-structured', name: 'structured_status', value: (filters.structured_status || '').toLowerCase() });
  const customRange = !filters.range && (filters.start_time || filters.end_time);
  const range = select([['', 'Any time'], ['hour', 'Last hour'], ['day', 'Last day'], ['week', 'Last week'],
    ['custom', 'Custom…']],
  { id: 'filter-range', name: 'range', value: customRange ? 'custom' : (filters.range || '') });
  const start = h('input', { id: 'filter-start', name: 'start_time', type: 'datetime-local',
    value: toLocalInput(filters.start_time) });
  const end = h('input', { id: 'filter-end', name: 'end_time', type: 'datetime-local',
    value: toLocalInput(filters.end_time) });
  // The hidden attribute sits on a plain wrapper: a .row's display: flex would override it.
  const custom = h('div', { id: 'custom-range', hidden: range.value !== 'custom' },
    h('div', { class: 'row' }, field('From (local time)', start), field('Until (local time)', end)));
  range.addEventListener('change', () => {
    custom.hidden = range.value !== 'custom';
  });
  const form = h('form', { class: 'filters', id: 'inference-filters', role: 'search',
    'aria-label': 'Filter inferences', on: { submit: (event) => {
      event.preventDefault();
      const chosen = {
        model: model.value, provider: provider.value, status: status.value, caller: caller.value.trim(),
        structured_status: structured.value, page_size: filters.page_size,
      };
      if (range.value === 'custom') {
        chosen.start_time = fromLocalInput(start.value);
        chosen.end_time = fromLocalInput(end.value);
      } else {
        chosen.range = range.value;
      }
      onApply(chosen);
    } } },
  field('Model asked for', model), field('Provider', provider), field('Status', status), field('Caller', caller),
  field('Structured output', structured), field('Time', range), custom,
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Apply'),
    h('button', { type: 'button', id: 'clear-filters', on: { click: () => onApply({ page_size: filters.page_size }) } },
      'Clear')));
  return form;
}

function statusClass(status) {
  if (status === 'OK') return 'status-ok';
  if (status === 'CANCELLED') return 'status-warn';
  return 'status-bad';
}

/** What chose the model when the request named none: its conversation or its instruction. */
function modelSource(inference) {
  if (inference.conversationId) return 'the conversation';
  if (inference.instructionName) return 'the instruction';
  return '';
}

/**
 * "gpt-4o → gpt-4o-mini" when the served model differs from the one asked for, else the one name; "sim-echo (by
 * the conversation)" when the request named no model.
 */
function modelText(inference) {
  const requested = inference.requestedModel || '';
  const served = inference.model || inference.group || '';
  if (!requested) return served ? `${served}${modelSource(inference) ? ` (by ${modelSource(inference)})` : ''}` : '–';
  if (!served || served === requested) return requested;
  return `${requested} → ${served}`;
}

function tokensText(usage) {
  if (!usage) return '–';
  return `${formatCount(usage.inputTokens)} / ${formatCount(usage.outputTokens)}`;
}

const COLUMNS = [
  { label: 'Time', value: (row) => formatTime(row.startTime) },
  { label: 'Caller', value: (row) => row.caller || '–' },
  { label: 'Model (asked → served)', value: modelText },
  { label: 'Provider', value: (row) => row.provider || '–' },
  { label: 'Status', value: (row) => h('span', { class: statusClass(row.status || 'OK') }, row.status || 'OK') },
  { label: 'Latency', class: 'num', value: (row) => formatDuration(row.latency) },
  { label: 'First piece', class: 'num', value: (row) => formatDuration(row.timeToFirstPiece) },
  { label: 'Overhead', class: 'num', value: (row) => formatDuration(row.overhead) },
  { label: 'Tokens in / out', class: 'num', value: (row) => tokensText(row.usage) },
  { label: 'Cost', class: 'num', value: (row) => formatUsd(row.costUsd) },
  { label: 'Surface', value: (row) => row.surface || '–' },
];

function openInference(id) {
  location.hash = `#/inferences/${encodeURIComponent(id)}`;
}

async function renderList(ctx) {
  const filters = filtersOf(ctx.query);
  const choices = await loadChoices(ctx.signal);
  if (ctx.left) return;
  const tokens = ['']; // the page token of each page shown so far; the last is the current page's
  let now = Date.now(); // what a preset range counts back from; Refresh and Apply move it on
  let nextToken = '';
  const results = h('div', { id: 'inference-results', 'aria-live': 'polite' });
  const pageLabel = h('span', { id: 'page-label', class: 'muted' });
  const previous = h('button', { type: 'button', id: 'page-previous', disabled: true }, '← Previous');
  const next = h('button', { type: 'button', id: 'page-next', disabled: true }, 'Next →');
  const refresh = h('button', { type: 'button', id: 'refresh' }, 'Refresh');

  async function load() {
    previous.disabled = true;
    next.disabled = true;
    let answer;
    try {
      answer = await api('/api/v1/inferences', { query: listQuery(filters, tokens[tokens.length - 1], now),
        signal: ctx.signal });
    } catch (error) {
      if (ctx.left || error.name === 'AbortError') return;
      replace(results, errorBox(error));
      pageLabel.textContent = '';
      previous.disabled = tokens.length <= 1;
      return;
    }
    if (ctx.left) return;
    const rows = answer.inferences || [];
    nextToken = (answer.page && answer.page.nextPageToken) || '';
    replace(results, table(COLUMNS, rows, {
      caption: 'Recorded calls, newest first',
      rowId: (row) => row.id,
      onRow: (row) => openInference(row.id),
      empty: tokens.length > 1 ? 'No more calls.' : 'No recorded call matches these filters.',
    }));
    pageLabel.textContent = `Page ${tokens.length} · ${rows.length} call${rows.length === 1 ? '' : 's'}`;
    previous.disabled = tokens.length <= 1;
    next.disabled = !nextToken;
  }

  previous.addEventListener('click', async () => {
    if (tokens.length > 1) tokens.pop();
    await load();
  });
  next.addEventListener('click', async () => {
    if (!nextToken) return;
    tokens.push(nextToken);
    await load();
  });
  refresh.addEventListener('click', async () => {
    tokens.length = 1;
    now = Date.now();
    await load();
  });

  const form = filterForm(filters, choices, (chosen) => {
    const search = new URLSearchParams();
    for (const name of FILTERS) if (chosen[name]) search.set(name, chosen[name]);
    const text = search.toString();
    const hash = `#/inferences${text ? `?${text}` : ''}`;
    if (location.hash === hash) {
      tokens.length = 1;
      now = Date.now();
      load();
    } else {
      location.hash = hash;
    }
  });
  replace(ctx.main,
    h('h1', null, 'Inferences'),
    h('p', { class: 'muted' }, 'Every call the gateway recorded, newest first. Calls are recorded shortly after '
      + 'they end. Pick filters and Apply: they go into the address, so the view can be bookmarked. Open a row '
      + '(click, or Enter) to see why it was routed where it went.'),
    form,
    results,
    h('nav', { class: 'row', 'aria-label': 'Pages' }, previous, next, refresh, pageLabel));
  await load();
}

// ---------------------------------------------------------------------------------------------------------------
// One call

function code(text) {
  return h('code', null, text);
}

/** The sentences that say why the call went where it did (groupNow: its group as listed now, if known). */
function routingWhy(inference, groupNow) {
  const requested = inference.requestedModel;
  const group = inference.group || requested || '(none)';
  const attempts = inference.attempts || [];
  const why = [];
  if (!inference.requestedModel) {
    why.push(`The request named no model: ${modelSource(inference) || 'routing'} chose ${group}.`);
  } else if (inference.rule) {
    why.push(`Routing rule "${inference.rule}" matched the request for ${requested} and sent it to ${group}.`);
  } else if (group !== requested) {
    why.push(`The request for ${requested} was served from ${group}.`);
  } else {
    why.push(`No routing rule matched: ${requested} was used as asked.`);
  }
  if (attempts.length === 0) {
    why.push(inference.status === 'OK' ? 'No provider attempt was recorded.'
      : 'No provider was tried: the call was refused before routing reached one.');
  }
  attempts.forEach((attempt, index) => {
    const target = targetText(attempt.target);
    const outcome = enumWord(attempt.outcome, 'ATTEMPT_OUTCOME_') || 'unknown';
    const backoff = attempt.backoff && parseFloat(attempt.backoff) > 0
      ? ` after waiting ${formatDuration(attempt.backoff)}` : '';
    const error = attempt.errorKind ? ` (${attempt.errorKind}${attempt.errorReason ? `: ${attempt.errorReason}` : ''})`
      : '';
    const position = index === 0 ? 'First' : (index === attempts.length - 1 ? 'Last' : `Attempt ${index + 1}`);
    why.push(`${attempts.length === 1 ? 'The only attempt' : position}: ${target}${backoff}, ${outcome}${error}.`);
  });
  if (attempts.length > 1) {
    let retries = 0;
    let moves = 0;
    attempts.slice(1).forEach((attempt, index) => {
      if (targetText(attempt.target) === targetText(attempts[index].target)) retries += 1;
      else moves += 1;
    });
    const parts = [];
    if (retries) parts.push(`retried the same target ${retries} time${retries === 1 ? '' : 's'}`);
    if (moves) parts.push(`moved on to another target ${moves} time${moves === 1 ? '' : 's'}`);
    why.push(`Routing ${parts.join(' and ')}.`);
  }
  if (groupNow && attempts.length) {
    const own = new Set((groupNow.targets || []).map(targetText));
    const outside = [...new Set(attempts.map((attempt) => targetText(attempt.target)))]
      .filter((target) => !own.has(target));
    if (outside.length) {
      why.push(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among ${group}'s targets now: `
        + `a fallback model's${(groupNow.fallbacks || []).length ? ` (its fallbacks: ${groupNow.fallbacks.join(', ')})`
          : ''}, or the configuration changed since.`);
    }
  }
  return why;
}

function targetText(target) {
  if (!target) return '–';
  return `${target.provider || '?'}/${target.model || '?'}`;
}

function outcomeClass(outcome) {
  if (outcome === 'ATTEMPT_OUTCOME_SUCCEEDED') return 'status-ok';
  if (outcome === 'ATTEMPT_OUTCOME_CANCELLED' || outcome === 'ATTEMPT_OUTCOME_REJECTED') return 'status-warn';
  return 'status-bad';
}

const ATTEMPT_COLUMNS = [
  { label: '#', class: 'num', value: (row) => String(row.number || '') },
  { label: 'Target', value: (row) => targetText(row.target) },
  { label: 'Outcome', value: (row) => h('span', { class: outcomeClass(row.outcome) },
    enumWord(row.outcome, 'ATTEMPT_OUTCOME_') || '–') },
  { label: 'Error kind', value: (row) => row.errorKind || '–' },
  { label: 'Reason', class: 'wrap', value: (row) => row.errorReason || '–' },
  { label: 'Latency', class: 'num', value: (row) => formatDuration(row.latency) },
  { label: 'Backoff', class: 'num', value: (row) => (parseFloat(row.backoff || '0') > 0 ? formatDuration(row.backoff)
    : 'none') },
  { label: 'Provider status', class: 'num', value: (row) => (row.providerStatus ? String(row.providerStatus) : '–') },
  { label: 'Provider request id', value: (row) => row.providerRequestId || '–' },
  { label: 'Structured', value: (row) => row.structuredStatus || '–' },
  { label: 'Structured errors', class: 'wrap', value: (row) => ((row.structuredErrors || []).length
    ? h('ul', null, row.structuredErrors.map((text) => h('li', null, text))) : '–') },
];

function factsSection(inference) {
  const instruction = inference.instructionName
    ? `${inference.instructionName}${inference.instructionVersion ? ` v${inference.instructionVersion}` : ''}` : '';
  return h('section', { class: 'panel', id: 'inference-facts', 'aria-labelledby': 'facts-title' },
    h('h2', { id: 'facts-title' }, 'The call'),
    facts([
      ['Request id', code(inference.id)],
      ['Started', formatTime(inference.startTime)],
      ['Caller', inference.caller || '–'],
      ['Surface', inference.surface || '–'],
      ['Operation', inference.operation || '–'],
      ['Streamed', inference.streamed ? 'yes' : 'no'],
      ['Status', h('span', { class: statusClass(inference.status || 'OK'), id: 'inference-status' },
        inference.status || 'OK')],
      ['Error', inference.errorKind || inference.errorMessage
        ? h('span', { class: 'status-bad' }, [inference.errorKind, inference.errorMessage].filter(Boolean).join(': '))
        : ''],
      ['Finish reason', inference.finishReason || ''],
      ['Latency', formatDuration(inference.latency)],
      ['Time to first piece', inference.timeToFirstPiece ? formatDuration(inference.timeToFirstPiece) : ''],
      ['Gateway overhead', formatDuration(inference.overhead)],
      ['Trace', inference.traceId ? h('span', null, 'trace ', code(inference.traceId)) : ''],
      ['Conversation', inference.conversationId
        ? h('a', { href: `#/conversations/${encodeURIComponent(inference.conversationId)}` },
          inference.conversationId) : ''],
      ['Instruction', instruction],
    ]));
}

/** How the call's group routes now (the record keeps no strategy): a hint, marked as today's configuration. */
function groupNowText(group, model) {
  const targets = (model.targets || []).map(targetText);
  const fallbacks = (model.fallbacks || []).length ? `; then its fallbacks ${model.fallbacks.join(', ')}` : '';
  if (targets.length === 1) return `As configured now, ${group} is served by ${targets[0]}${fallbacks}.`;
  return `As configured now, ${group} orders its targets (${targets.join(', ')}) by ${model.strategy
    || 'its strategy'}${fallbacks}.`;
}

function routingSection(inference, groupNow) {
  const requested = inference.requestedModel
    || (modelSource(inference) ? `no model (${modelSource(inference)} chose)` : 'no model');
  const steps = [
    ['asked for', requested],
    ['rule', inference.rule || 'none matched'],
    ['group', inference.group || requested],
    ['served by', inference.provider ? `${inference.provider}/${inference.model || '?'}` : 'no provider'],
  ];
  return h('section', { class: 'panel', id: 'inference-routing', 'aria-labelledby': 'routing-title' },
    h('h2', { id: 'routing-title' }, 'Routing decision'),
    h('p', { id: 'route-steps' }, steps.map(([term, value], index) => [
      index > 0 ? h('span', { 'aria-hidden': 'true', class: 'muted' }, ' → ') : null,
      h('span', { class: 'muted' }, `${term} `), h('strong', null, value)])),
    h('ul', { id: 'route-why' }, routingWhy(inference, groupNow).map((sentence) => h('li', null, sentence))),
    groupNow ? h('p', { id: 'group-now', class: 'muted' }, groupNowText(inference.group, groupNow)) : null);
}

function usageSection(inference) {
  const usage = inference.usage;
  return h('section', { class: 'panel', id: 'inference-usage', 'aria-labelledby': 'usage-title' },
    h('h2', { id: 'usage-title' }, 'Usage'),
    usage ? tiles([
      ['Input tokens', formatCount(usage.inputTokens), 'input'],
      ['Output tokens', formatCount(usage.outputTokens), 'output'],
      ['Cached input', formatCount(usage.cachedInputTokens), 'cached'],
      ['Reasoning', formatCount(usage.reasoningTokens), 'reasoning'],
      ['Cost', formatUsd(inference.costUsd), 'cost'],
    ]) : h('p', { class: 'muted' }, 'No usage was reported or estimated for this call.'),
    usage && inference.costUsd === undefined
      ? h('p', { class: 'muted' }, 'The cost is unknown: no price is configured for this model.') : null);
}

function structuredSection(inference) {
  if (!inference.structuredStatus) {
    return h('section', { class: 'panel', id: 'inference-structured', 'aria-labelledby': 'structured-title' },
      h('h2', { id: 'structured-title' }, 'Structured output'),
      h('p', { class: 'muted' }, 'The call asked for no JSON and had no tool calls.'));
  }
  const status = inference.structuredStatus;
  return h('section', { class: 'panel', id: 'inference-structured', 'aria-labelledby': 'structured-title' },
    h('h2', { id: 'structured-title' }, 'Structured output'),
    facts([
      ['Status', h('span', { class: status === 'invalid' ? 'status-bad' : (status === 'repaired' ? 'status-warn'
        : 'status-ok') }, status)],
      ['Policy', inference.structuredPolicy || '–'],
      ['Repairs', (inference.structuredRepairs || []).join(', ') || 'none'],
      ['Correction turns', String(inference.structuredCorrections || 0)],
    ]));
}

function bodySection(inference) {
  const parts = [h('h2', { id: 'bodies-title' }, 'Bodies')];
  if (!inference.requestBody && !inference.responseBody) {
    parts.push(h('p', { class: 'muted', id: 'bodies-off' }, 'No body was recorded for this call: the gateway keeps '
      + 'them only when tracking.capture_bodies is on (and never for streamed answers).'));
  } else {
    parts.push(h('h3', null, 'Request'), inference.requestBody
      ? h('pre', { id: 'request-body' }, prettyJson(inference.requestBody))
      : h('p', { class: 'muted' }, 'Not recorded.'));
    parts.push(h('h3', null, 'Response'), inference.responseBody
      ? h('pre', { id: 'response-body' }, prettyJson(inference.responseBody))
      : h('p', { class: 'muted' }, 'Not recorded (streamed answers are not kept).'));
  }
  return h('section', { class: 'panel', id: 'inference-bodies', 'aria-labelledby': 'bodies-title' }, parts);
}

/** The model or group NAME as GET /api/v1/models lists it now; null when it is gone or cannot be read. */
async function currentModel(name, signal) {
  try {
    const answer = await api('/api/v1/models', { query: { 'page.page_size': 1000 }, signal });
    return (answer.models || []).find((model) => model.id === name) || null;
  } catch (error) {
    if (error.name !== 'AbortError') console.warn('the models could not be listed', error);
    return null;
  }
}

async function renderDetail(ctx, id) {
  const back = h('p', null, h('a', { href: '#/inferences', id: 'back-to-list' }, '← All inferences'));
  let answer;
  try {
    answer = await api(`/api/v1/inferences/${encodeURIComponent(id)}`, { signal: ctx.signal });
  } catch (error) {
    if (ctx.left || error.name === 'AbortError') return;
    replace(ctx.main, back, h('h1', null, error.status === 404 ? 'No such inference' : 'This inference could not '
      + 'be read'), errorBox(error), error.status === 404 ? h('p', { class: 'muted' }, 'Calls are recorded '
      + 'shortly after they end, and may be purged after tracking.retention.') : null);
    return;
  }
  if (ctx.left) return;
  const inference = answer.inference || {};
  const groupNow = inference.group ? await currentModel(inference.group, ctx.signal) : null;
  if (ctx.left) return;
  replace(ctx.main, back,
    h('h1', null, 'Inference ', code(inference.id || id)),
    h('div', { class: 'stack' },
      h('div', { class: 'grid' }, factsSection(inference), routingSection(inference, groupNow)),
      h('section', { id: 'inference-attempts', 'aria-labelledby': 'attempts-title' },
        h('h2', { id: 'attempts-title' }, 'Attempts'),
        table(ATTEMPT_COLUMNS, inference.attempts || [], {
          caption: `${(inference.attempts || []).length} provider attempt(s), in order`,
          rowId: (row) => String(row.number),
          empty: 'No provider was tried.',
        })),
      h('div', { class: 'grid' }, usageSection(inference), structuredSection(inference)),
      bodySection(inference)));
}
