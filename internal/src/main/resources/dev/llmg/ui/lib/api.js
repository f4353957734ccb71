// The one place the dashboard calls llmg: the public REST API under /api/v1, with the session's key.
// Errors come back as ApiError, carrying the gateway's own words (message, reason, field) to show the operator.

import { storedKey } from './session.js';

/** An error answer of the API: the HTTP status and the gateway's JSON error (message, reason, field). */
export class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && Array.isArray(body.details) && body.details[0]) || {};
    super((body && body.message) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = (body && body['grpc-code']) || '';
    this.reason = detail.reason || '';
    this.field = detail.field || '';
  }
}

const refusalListeners = new Set();

/** Calls listener(error) whenever the API refuses the key (401), so the app can ask for another. */
export function onKeyRefused(listener) {
  refusalListeners.add(listener);
}

function headers(hasBody) {
  const result = { accept: 'application/json' };
  const key = storedKey();
  if (key) result.authorization = `Bearer ${key}`;
  if (hasBody) result['content-type'] = 'application/json';
  return result;
}

/** Returns '?a=1&b=2' of the params that are set (skipping undefined, null and ''), or ''. */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response) {
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text.slice(0, 300) };
  }
  const error = new ApiError(response.status, body);
  if (response.status === 401) refusalListeners.forEach((listener) => listener(error));
  return error;
}

/** Calls the API and returns its JSON answer; throws ApiError for an error answer. */
export async function api(path, { method = 'GET', body, signal, query } = {}) {
  const response = await fetch(path + queryString(query), {
    method,
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorOf(response);
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

/**
 * Posts body to a server-sent-events endpoint and yields each event as {event, data} (data parsed as JSON),
 * until the stream ends; throws ApiError when the call is refused before it starts.
 */
export async function* streamEvents(path, body, { signal } = {}) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { ...headers(true), accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const event = parseEvent(block);
      if (event) yield event;
    }
  }
}

function parseEvent(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}
