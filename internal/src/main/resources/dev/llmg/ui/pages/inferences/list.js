// The inferences list: recorded calls a page at a time (GET /api/v1/inferences, keyset pages: llmg never counts
// the matching rows, so there is no "page 3 of 40"), with Previous, Next and Refresh.

import { api } from '../../lib/api.js';
import { errorBox, h, replace, table } from '../../lib/dom.js';
import { formatCount, formatDuration, formatTime, formatUsd } from '../../lib/format.js';
import { modelSource, statusClass } from './call-text.js';
import { filterForm, loadChoices } from './filter-form.js';
import { filtersAddress, filtersOf, listQuery } from './filters.js';

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

/** Draws the list the address asks for, with its filter form and page buttons. */
export async function renderList(ctx) {
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
    const hash = filtersAddress(chosen);
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
