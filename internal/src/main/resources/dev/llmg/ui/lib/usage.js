// Turns the usage report (GET /api/v1/usage) into chart series: one point per bucket of the range, so a chart
// of the last hour always has 60 points, and a bucket without calls is a gap (or 0 for counts), not a hole that
// shifts the time axis.

import { millis } from './format.js';

/**
 * The ranges the overview offers: how far back, the bucket it is drawn in, and how often it is read again. A
 * report reads every call of its range (about 7 µs a row on H2: README, "What the dashboard costs"), so the
 * longer ranges, whose last bucket changes slowly anyway, are read less often.
 */
export const RANGES = {
  hour: { label: 'Last hour', seconds: 3600, bucket: 'USAGE_BUCKET_MINUTE', step: 60, refreshMs: 5000 },
  day: { label: 'Last day', seconds: 86_400, bucket: 'USAGE_BUCKET_HOUR', step: 3600, refreshMs: 60_000 },
  week: { label: 'Last week', seconds: 7 * 86_400, bucket: 'USAGE_BUCKET_HOUR', step: 3600, refreshMs: 300_000 },
};

/** The bucket starts (seconds since the epoch) of a range ending now, the current bucket included. */
export function bucketStarts(range, nowSeconds = Date.now() / 1000) {
  const last = Math.floor(nowSeconds / range.step) * range.step;
  const count = Math.round(range.seconds / range.step);
  return Array.from({ length: count }, (unused, index) => last - (count - 1 - index) * range.step);
}

/**
 * Groups report rows by key, each a Map from bucket start (s) to the row. The key is '' when the report is not
 * grouped, and '(none)' for a grouped report's calls that had none (e.g. a call whose model came from its
 * conversation names no requested model).
 */
export function rowsByKey(rows, grouped) {
  const byKey = new Map();
  for (const row of rows || []) {
    const key = row.key || (grouped ? '(none)' : '');
    if (!byKey.has(key)) byKey.set(key, new Map());
    byKey.get(key).set(Math.round(Date.parse(row.bucketStart) / 1000), row);
  }
  return byKey;
}

/**
 * One series per key: values of pick(row) at each bucket start; buckets without a row get empty (0 for counts,
 * null for figures that do not exist without calls).
 */
export function seriesOf(byKey, xs, pick, { empty = null, label = (key) => key || 'all' } = {}) {
  return [...byKey.entries()].map(([key, rows]) => ({
    label: label(key),
    values: xs.map((x) => (rows.has(x) ? pick(rows.get(x)) : empty)),
  }));
}

/** The named percentile lines (p50, p95, p99) of one ungrouped duration field, in milliseconds. */
export function percentileSeries(rows, xs, field) {
  return ['P50', 'P95', 'P99'].map((suffix) => ({
    label: suffix.toLowerCase(),
    values: xs.map((x) => {
      const row = rows.get(x);
      return row ? millis(row[`${field}${suffix}`]) : null;
    }),
  }));
}
