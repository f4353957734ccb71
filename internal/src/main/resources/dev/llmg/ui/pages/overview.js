// The overview: traffic, errors, latency, time to first piece, tokens, cost, the gateway's own overhead, and
// retries and fallbacks over the last hour, day or week, optionally broken down by model, provider or caller.
// It reads GET /api/v1/usage and refreshes itself while it shows.

import { api } from '../lib/api.js';
import { lineChart } from '../lib/chart.js';
import { errorBox, field, h, replace, select, table, tiles } from '../lib/dom.js';
import { formatClock, formatCount, formatDuration, formatPercent, formatUsd } from '../lib/format.js';
import { RANGES, bucketStarts, percentileSeries, rowsByKey, seriesOf } from '../lib/usage.js';

const GROUPINGS = [['none', 'Nothing'], ['model', 'Model'], ['provider', 'Provider'], ['caller', 'Caller']];
const GROUP_BY = { none: 'USAGE_GROUP_BY_NONE', model: 'USAGE_GROUP_BY_MODEL', provider: 'USAGE_GROUP_BY_PROVIDER',
  caller: 'USAGE_GROUP_BY_CALLER' };

const ms = (value) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const perSecond = (value) => {
  const figure = value >= 10 ? Math.round(value) : value >= 1 ? value.toFixed(1) : Number(value.toPrecision(2));
  return `${figure}/s`;
};
const percent = (value) => `${value.toFixed(1)} %`;
const count = (value) => formatCount(Math.round(value));

/** Draws the overview and keeps it live. */
export async function render(ctx) {
  const rangeName = RANGES[ctx.query.get('range')] ? ctx.query.get('range') : 'hour';
  const grouping = GROUP_BY[ctx.query.get('group_by')] ? ctx.query.get('group_by') : 'none';
  const range = RANGES[rangeName];

  const rangeSelect = select(Object.entries(RANGES).map(([name, value]) => [name, value.label]),
    { id: 'range', value: rangeName });
  const groupSelect = select(GROUPINGS, { id: 'group-by', value: grouping });
  const onChange = () => {
    location.hash = `#/overview?range=${rangeSelect.value}&group_by=${groupSelect.value}`;
  };
  rangeSelect.addEventListener('change', onChange);
  groupSelect.addEventListener('change', onChange);

  const charts = {
    requests: lineChart({ id: 'requests', title: 'Requests per second', format: perSecond }),
    errors: lineChart({ id: 'errors', title: 'Error rate', format: percent }),
    latency: lineChart({ id: 'latency', title: grouping === 'none' ? 'Latency' : 'Latency p95', format: ms }),
    firstPiece: lineChart({ id: 'first-piece', title: grouping === 'none' ? 'Time to first token'
      : 'Time to first token p95', format: ms }),
    tokens: lineChart({ id: 'tokens', title: 'Tokens', format: count }),
    cost: lineChart({ id: 'cost', title: 'Cost (USD)', format: formatUsd }),
    overhead: lineChart({ id: 'overhead', title: 'Gateway overhead', format: ms }),
    retries: lineChart({ id: 'retries', title: 'Retries and fallbacks', format: count }),
  };
  Object.values(charts).forEach((chart) => ctx.onLeave(() => chart.destroy()));

  const summary = h('div', { id: 'summary' });
  const breakdown = h('div', { id: 'breakdown' });
  const problem = h('div', { id: 'problem' });
  const updated = h('span', { id: 'updated', class: 'muted', 'aria-live': 'polite' });
  replace(ctx.main,
    h('h1', null, 'Overview'),
    h('div', { class: 'filters' }, field('Range', rangeSelect), field('Break down by', groupSelect), updated),
    problem, summary,
    h('div', { class: 'grid' }, Object.values(charts).map((chart) => chart.element)),
    h('h2', null, `By ${grouping === 'none' ? 'model' : grouping}`), breakdown);

  async function refresh() {
    const xs = bucketStarts(range);
    const startTime = new Date(xs[0] * 1000).toISOString();
    const tableGrouping = grouping === 'none' ? 'model' : grouping;
    const [series, totals, byKey] = await Promise.all([
      api('/api/v1/usage', { signal: ctx.signal,
        query: { start_time: startTime, bucket: range.bucket, group_by: GROUP_BY[grouping] } }),
      api('/api/v1/usage', { signal: ctx.signal, query: { start_time: startTime } }),
      api('/api/v1/usage', { signal: ctx.signal, query: { start_time: startTime, group_by: GROUP_BY[tableGrouping] } }),
    ]);
    if (ctx.left) return;
    drawCharts(charts, xs, range, grouping, series.rows || []);
    replace(summary, summaryTiles((totals.rows || [])[0] || {}, range));
    replace(breakdown, breakdownTable(byKey.rows || [], tableGrouping));
    replace(problem);
    updated.textContent = `Updated ${formatClock()}`;
  }

  try {
    await refresh();
  } catch (error) {
    if (ctx.left) return;
    replace(problem, errorBox(error));
  }
  ctx.every(range.refreshMs, async () => {
    try {
      await refresh();
    } catch (error) {
      if (!ctx.left) replace(problem, errorBox(error));
    }
  });
}

function drawCharts(charts, xs, range, grouping, rows) {
  const grouped = grouping !== 'none';
  const byKey = rowsByKey(rows, grouped);
  const all = byKey.get('') || new Map();
  const figure = (name) => (row) => {
    const value = row[name];
    return value === undefined || value === null ? null : parseFloat(value) * 1000;
  };
  charts.requests.update(xs, seriesOf(byKey, xs, (row) => Number(row.requests) / range.step, { empty: 0 }));
  charts.errors.update(xs, seriesOf(byKey, xs, (row) => (Number(row.requests)
    ? (Number(row.errors || 0) / Number(row.requests)) * 100 : null)));
  charts.latency.update(xs, grouped ? seriesOf(byKey, xs, figure('latencyP95'))
    : percentileSeries(all, xs, 'latency'));
  charts.firstPiece.update(xs, grouped ? seriesOf(byKey, xs, figure('firstPieceP95'))
    : percentileSeries(all, xs, 'firstPiece'));
  charts.overhead.update(xs, grouped ? seriesOf(byKey, xs, figure('overheadP95'))
    : percentileSeries(all, xs, 'overhead'));
  charts.tokens.update(xs, grouped
    ? seriesOf(byKey, xs, (row) => Number(row.inputTokens || 0) + Number(row.outputTokens || 0), { empty: 0 })
    : [
      ...seriesOf(byKey, xs, (row) => Number(row.inputTokens || 0), { empty: 0, label: () => 'input' }),
      ...seriesOf(byKey, xs, (row) => Number(row.outputTokens || 0), { empty: 0, label: () => 'output' }),
    ]);
  charts.cost.update(xs, seriesOf(byKey, xs, (row) => Number(row.costUsd || 0), { empty: 0 }));
  const totals = new Map([['', new Map(xs.map((x) => [x, sumAt(byKey, x)]))]]);
  charts.retries.update(xs, [
    ...seriesOf(totals, xs, (row) => row.retries, { empty: 0, label: () => 'retries' }),
    ...seriesOf(totals, xs, (row) => row.fallbacks, { empty: 0, label: () => 'fallbacks' }),
  ]);
}

function sumAt(byKey, x) {
  let retries = 0;
  let fallbacks = 0;
  for (const rows of byKey.values()) {
    const row = rows.get(x);
    if (row) {
      retries += Number(row.retries || 0);
      fallbacks += Number(row.fallbacks || 0);
    }
  }
  return { retries, fallbacks };
}

function summaryTiles(total, range) {
  const requests = Number(total.requests || 0);
  return tiles([
    ['Requests', formatCount(requests), 'requests'],
    ['Requests per second', perSecond(requests / range.seconds), 'rate'],
    ['Error rate', formatPercent(total.errors, requests), 'error-rate'],
    ['Latency p50 / p95 / p99', [total.latencyP50, total.latencyP95, total.latencyP99].map(formatDuration)
      .join(' / '), 'latency'],
    ['Time to first token p50', formatDuration(total.firstPieceP50), 'first-piece'],
    ['Gateway overhead p50', formatDuration(total.overheadP50), 'overhead'],
    ['Tokens in / out', `${formatCount(total.inputTokens)} / ${formatCount(total.outputTokens)}`, 'tokens'],
    ['Cost', formatUsd(total.costUsd || 0), 'cost'],
    ['Retries / fallbacks', `${formatCount(total.retries)} / ${formatCount(total.fallbacks)}`, 'retries'],
  ]);
}

function breakdownTable(rows, grouping) {
  return table([
    { label: grouping[0].toUpperCase() + grouping.slice(1), value: (row) => row.key || '(none)' },
    { label: 'Requests', class: 'num', value: (row) => formatCount(row.requests) },
    { label: 'Errors', class: 'num', value: (row) => formatPercent(row.errors, row.requests) },
    { label: 'p50', class: 'num', value: (row) => formatDuration(row.latencyP50) },
    { label: 'p95', class: 'num', value: (row) => formatDuration(row.latencyP95) },
    { label: 'p99', class: 'num', value: (row) => formatDuration(row.latencyP99) },
    { label: 'Tokens in', class: 'num', value: (row) => formatCount(row.inputTokens) },
    { label: 'Tokens out', class: 'num', value: (row) => formatCount(row.outputTokens) },
    { label: 'Cost', class: 'num', value: (row) => formatUsd(row.costUsd || 0) },
  ], rows, { rowId: (row) => row.key || '', empty: 'No calls in this range yet.' });
}
