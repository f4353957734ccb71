// Realistic traffic for the dashboard's tests to show: a mix of calls to the gateway over REST (whole answers,
// Server-Sent Events, failures of several kinds, a conversation of two turns, an instruction with variables),
// made a few at a time with fetch, then waited for until tracking has recorded every one of them.
//
//   import { ensureTraffic } from './ui/traffic.mjs';
//   const traffic = await ensureTraffic();   // once per process (node --test runs each file in its own)
//
// Needs the gateway with config/config.yaml: sim-echo and sim-fast on the simulator, gpt-4o-mini and
// gpt-4.1-mini on openai, which fail (FAILED_PRECONDITION) while the gateway has no OPENAI_API_KEY; with one,
// their two short calls go to OpenAI and are counted by how they end.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);
const JSON_TYPE = { 'content-type': 'application/json' };

/** The calls made a few at a time: more at once would not look like anyone's traffic. */
const CONCURRENCY = 3;

const user = (text) => ({ role: 'ROLE_USER', content: [{ text }] });
const system = (text) => ({ role: 'ROLE_SYSTEM', content: [{ text }] });

/**
 * Makes the traffic against BASE_URL and waits (at most `deadlineMs`) until GET /api/v1/inferences lists every
 * call it made. With `adminKey`, it first makes a tenant of its own (e2e-<random>, with a team, group and
 * endpoint under it) and a key there, and calls with that key, so its calls are told apart from any other's by
 * their caller (GET /api/v1/usage?caller=...); without, it calls without a key (config/config.yaml is keyless)
 * as the caller 'anonymous', shared with every other keyless call.
 *
 * Returns {
 *   requestIds,       every call's x-request-id (the id of its inference record), in the order they were made
 *   okCount,          calls that succeeded
 *   errorCount,       calls that failed (okCount + errorCount === requestIds.length)
 *   calls,            one {requestId, kind, model, streamed, ok, httpStatus, grpcCode} per call: kind is
 *                     'ok', 'unknown-model', 'provider-unavailable', 'invalid-argument', 'conversation' or
 *                     'instruction'; model the one requested (null when the conversation's or the
 *                     instruction's was used); grpcCode e.g. 'OK', 'NOT_FOUND', 'FAILED_PRECONDITION'
 *   conversationId,   the conversation of two turns (both turns are in calls, kind 'conversation')
 *   instructionName,  the instruction created (version 1, label production) and called once with variables
 *   models,           the configured models that got calls, sorted
 *   unknownModel,     the model name that is not configured (one call, NOT_FOUND)
 *   caller,           the caller the gateway recorded for these calls ('key:...' or 'anonymous')
 *   tenant,           the tenant made for them, or null without adminKey
 *   apiKey,           the key the calls were made with, or null without adminKey
 *   startTime, endTime  RFC 3339 times around every call (end exclusive), for start_time/end_time filters
 * }.
 */
export async function generateTraffic(baseUrl, { adminKey, deadlineMs = 20_000 } = {}) {
  const base = baseUrl.replace(/\/+$/, '');
  const suffix = randomBytes(4).toString('hex');
  const tenant = adminKey ? await makeTenant(base, adminKey, `e2e-${suffix}`) : null;
  const client = new Client(base, tenant?.apiKey);
  const instructionName = `e2e-summarize-${suffix}`;
  const unknownModel = `no-such-model-${suffix}`;
  let conversationId;

  const startTime = new Date(Date.now() - 1);
  const tasks = [
    () => client.chat('ok', { model: 'sim-echo', messages: [user('What is an LLM gateway?')] }),
    () => client.chat('ok', { model: 'sim-fast', messages: [system('Be brief.'), user('Name three colours.')],
      temperature: 0.3 }),
    () => client.stream('ok', { model: 'sim-echo', messages: [user('Stream this short answer')] }),
    () => client.chat('unknown-model', { model: unknownModel, messages: [user('Hello?')] }),
    () => client.chat('ok', { model: 'sim-echo', messages: [user('Count to five.')], max_tokens: 64 }),
    () => client.chat('provider-unavailable', { model: 'gpt-4o-mini', messages: [user('Hello, OpenAI?')] }),
    () => client.stream('ok', { model: 'sim-fast', messages: [user('Streamed over SSE')] }),
    async () => {
      const created = await client.json('POST', '/api/v1/conversations',
        { title: `Trip ${suffix}`, system_prompt: 'You are a travel agent.', model: 'sim-echo' });
      conversationId = created.conversation.id;
      const first = await client.chat('conversation',
        { conversation_id: conversationId, messages: [user('I want to go to Lisbon')] });
      const second = await client.chat('conversation',
        { conversation_id: conversationId, messages: [user('In May. What should I pack?')] });
      return [first, second];
    },
    () => client.chat('invalid-argument', { model: 'sim-echo', messages: [user('Too hot')], temperature: 7 }),
    () => client.stream('provider-unavailable', { model: 'gpt-4.1-mini', messages: [user('Stream, OpenAI?')] }),
    async () => {
      await client.json('POST', `/api/v1/instructions/${instructionName}/versions?labels=production`, {
        messages: [
          { role: 'ROLE_SYSTEM', template: 'Summarize the ticket in at most {{words}} words for {{team}}.' },
          { role: 'ROLE_USER', template: '{{ticket}}' },
        ],
        model: 'sim-echo',
        description: 'made by hack/e2e/ui/traffic.mjs',
      });
      return client.chat('instruction', { instruction: instructionName,
        variables: { words: 20, team: 'support', ticket: 'The export button does nothing.' } });
    },
    () => client.chat('ok', { model: 'sim-fast', messages: [user('One more, please.')] }),
    () => client.chat('invalid-argument', { model: 'sim-echo', messages: [] }),
    () => client.stream('ok', { model: 'sim-echo', messages: [user('The last one')] }),
  ];
  const calls = (await runFewAtATime(tasks, CONCURRENCY)).flat();
  const requestIds = calls.map((call) => call.requestId);
  const records = await waitUntilRecorded(client, requestIds, startTime, deadlineMs);
  const endTime = new Date(Date.now() + 1);

  const okCount = calls.filter((call) => call.ok).length;
  return {
    requestIds,
    okCount,
    errorCount: calls.length - okCount,
    calls,
    conversationId,
    instructionName,
    models: [...new Set(calls.map((call) => call.model).filter((m) => m && m !== unknownModel))].sort(),
    unknownModel,
    caller: records.get(requestIds[0]).caller,
    tenant: tenant?.path ?? null,
    apiKey: tenant?.apiKey ?? null,
    startTime: startTime.toISOString(),
    endTime: endTime.toISOString(),
  };
}

const memo = new Map();

/**
 * generateTraffic once per process and gateway: LLMG_HTTP_URL (or LLMG_GRPC_ADDR) and, when set,
 * LLMG_E2E_ADMIN_KEY. Every later call returns the same promise, so the tests of a file share one traffic.
 */
export function ensureTraffic({
  baseUrl = process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`,
  adminKey = process.env.LLMG_E2E_ADMIN_KEY || undefined,
} = {}) {
  const memoKey = `${baseUrl} ${adminKey ?? ''}`;
  if (!memo.has(memoKey)) memo.set(memoKey, generateTraffic(baseUrl, { adminKey }));
  return memo.get(memoKey);
}

/** Makes tenant PATH with a team, group and endpoint under it, and a key there; returns {path, apiKey}. */
async function makeTenant(base, adminKey, path) {
  const admin = new Client(base, adminKey);
  const levels = [['TENANT', path], ['TEAM', `${path}/ui`], ['GROUP', `${path}/ui/web`],
    ['ENDPOINT', `${path}/ui/web/dashboard`]];
  for (const [kind, levelPath] of levels) {
    await admin.json('POST', '/api/v1/admin/levels', { kind: `LEVEL_KIND_${kind}`, path: levelPath });
  }
  const created = await admin.json('POST', '/api/v1/admin/keys',
    { endpoint: `${path}/ui/web/dashboard`, name: 'ui traffic' });
  return { path, apiKey: created.key };
}

/** Runs TASKS (functions returning promises) at most LIMIT at a time; resolves to their results, in order. */
async function runFewAtATime(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/**
 * Polls GET /api/v1/inferences (newest first, every page since START) until every one of IDS is listed;
 * returns the records by id. Tracking writes a call shortly after it ends, off the request path.
 */
async function waitUntilRecorded(client, ids, start, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const records = new Map();
    let token = '';
    do {
      const query = new URLSearchParams({ start_time: start.toISOString(), 'page.page_size': '1000' });
      if (token) query.set('page.page_token', token);
      const page = await client.json('GET', `/api/v1/inferences?${query}`);
      for (const record of page.inferences ?? []) records.set(record.id, record);
      token = page.page?.nextPageToken ?? '';
    } while (token);
    const missing = ids.filter((id) => !records.has(id));
    if (missing.length === 0) return records;
    if (Date.now() >= deadline) {
      assert.fail(`tracking did not record ${missing.length} of ${ids.length} calls within ${deadlineMs} ms: `
        + missing.join(', '));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Calls the gateway's REST API, with KEY as the bearer when given. */
class Client {
  constructor(base, key) {
    this.base = base;
    this.headers = key ? { ...JSON_TYPE, authorization: `Bearer ${key}` } : { ...JSON_TYPE };
  }

  /** A call that must succeed; resolves to its JSON body. */
  async json(method, path, body) {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path}: HTTP ${response.status}: ${text}`);
    return JSON.parse(text);
  }

  /** POST /api/v1/chat/completions; resolves to the call's summary (see generateTraffic). */
  async chat(kind, request) {
    const response = await this.fetch('POST', '/api/v1/chat/completions', request);
    const body = await response.json().catch(() => ({}));
    return summary(kind, request, response, false, response.ok, body['grpc-code'] ?? (response.ok ? 'OK' : ''));
  }

  /**
   * POST /api/v1/chat/completions:stream, read to the end; an error before the first piece is an HTTP error,
   * after it an `event: error`.
   */
  async stream(kind, request) {
    const response = await this.fetch('POST', '/api/v1/chat/completions:stream', request);
    const text = await response.text();
    if (!response.ok) {
      const body = JSON.parse(text || '{}');
      return summary(kind, request, response, true, false, body['grpc-code'] ?? '');
    }
    const failed = /^event: error$/m.test(text);
    assert.ok(failed || /^event: done$/m.test(text), `the stream of ${kind} ended without done or error: ${text}`);
    return summary(kind, request, response, true, !failed, failed ? 'ERROR' : 'OK');
  }

  fetch(method, path, body) {
    return fetch(`${this.base}${path}`, {
      method,
      headers: this.headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
  }
}

function summary(kind, request, response, streamed, ok, grpcCode) {
  const requestId = response.headers.get('x-request-id');
  assert.ok(requestId, `${kind}: HTTP ${response.status} without x-request-id`);
  return { requestId, kind, model: request.model ?? null, streamed, ok, httpStatus: response.status, grpcCode };
}
