// How figures are shown. The API writes durations as proto3 JSON ("0.052s") and 64-bit counts as strings.

/** Seconds in a proto3 JSON duration ("1.5s"), or null when unset. */
export function seconds(duration) {
  if (duration === undefined || duration === null || duration === '') return null;
  const value = parseFloat(String(duration));
  return Number.isFinite(value) ? value : null;
}

/** Milliseconds in a proto3 JSON duration, or null when unset. */
export function millis(duration) {
  const value = seconds(duration);
  return value === null ? null : value * 1000;
}

/** A duration for people: "850 µs", "52 ms", "1.25 s"; "–" when unset. */
export function formatDuration(duration) {
  const value = seconds(duration);
  if (value === null) return '–';
  if (value < 0.001) return `${Math.round(value * 1e6)} µs`;
  if (value < 1) return `${(value * 1000).toFixed(value < 0.01 ? 2 : 0)} ms`;
  return `${Number(value.toFixed(2))} s`;
}

/** A count (the API's int64 strings included) with thousands separators; "0" when unset. */
export function formatCount(value) {
  const number = Number(value || 0);
  return number.toLocaleString('en-US');
}

/** Dollars: "$0.0123"; "–" when unknown. */
export function formatUsd(value) {
  if (value === undefined || value === null) return '–';
  const number = Number(value);
  return `$${number < 1 ? number.toFixed(4) : number.toFixed(2)}`;
}

/** A percentage of part in whole: "2.5 %"; "–" when whole is 0. */
export function formatPercent(part, whole) {
  const total = Number(whole || 0);
  if (!total) return '–';
  return `${((Number(part || 0) / total) * 100).toFixed(1)} %`;
}

/** A timestamp in the reader's local time, to the second. */
export function formatTime(timestamp) {
  if (!timestamp) return '–';
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toLocaleString('en-GB', { hour12: false });
}

/** The time of day in the reader's local time, 24-hour ("14:05:09"): when a live view was last updated. */
export function formatClock(date = new Date()) {
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

/** "name=value, …" of a string map (tags, parameters, metadata); '' when it is empty. */
export function formatPairs(object) {
  return Object.entries(object || {}).map(([name, value]) => `${name}=${value}`).join(', ');
}

/** The last part of an enum value's name, in lower case: ROLE_USER → "user", BREAKER_STATE_OPEN → "open". */
export function enumWord(value, prefix) {
  if (!value) return '';
  const text = String(value);
  return (prefix && text.startsWith(prefix) ? text.slice(prefix.length) : text).toLowerCase().replace(/_/g, ' ');
}

/** Pretty JSON of a string that holds JSON; the string itself when it does not. */
export function prettyJson(text) {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
