// End-to-end tests of llmg's GraphQL endpoint (/graphql, schema in apis/graphql/schema.graphqls) from Node:
// queries and the chat mutation with plain fetch, and the chatCompletionStream subscription with the graphql-ws
// client (the graphql-transport-ws protocol), streaming a completion and cancelling one.
//
// Needs a running gateway with the default config (the simulator streams sim-echo at 20 pieces/s):
//   LLMG_HTTP_URL=http://127.0.0.1:8080 hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { createClient } from 'graphql-ws/client';
import WebSocket from 'ws';

const BASE = process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`;
const MODEL = process.env.LLMG_E2E_MODEL ?? 'sim-echo';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);
const URL_HTTP = `${BASE}/graphql`;
const URL_WS = `${BASE.replace(/^http/, 'ws')}/graphql`;
// A page of this machine, which the default server.websocket.allowed_origins lets in.
const ORIGIN = new URL(BASE).origin;

/** The `ws` WebSocket, sending the Origin a browser page on this machine would. */
class BrowserLikeWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { origin: ORIGIN });
  }
}

/** Posts one GraphQL operation; resolves with the HTTP status and the JSON body. */
async function post(query, variables = {}) {
  const response = await fetch(URL_HTTP, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  return { status: response.status, body: await response.json() };
}

const input = (text) => ({ model: MODEL, messages: [{ role: 'ROLE_USER', content: [{ text }] }] });

const STREAM = `subscription Stream($input: ChatInput!) {
  chatCompletionStream(input: $input) { id choices { index delta { content } finishReason } usage { outputTokens } }
}`;

/** Opens a graphql-ws client that does not retry, so that a failure shows at once. */
function wsClient() {
  return createClient({ url: URL_WS, webSocketImpl: BrowserLikeWebSocket, retryAttempts: 0, lazy: true });
}

/** Runs `promise`, failing after the deadline. */
function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe(`llmg GraphQL at ${URL_HTTP}`, () => {
  test('the models query lists the configured models', async () => {
    const { status, body } = await post('{ models { models { id provider available } page { totalSize } } }');
    assert.equal(status, 200);
    assert.equal(body.errors, undefined);
    const ids = body.data.models.models.map((m) => m.id);
    assert.ok(ids.includes(MODEL), `models: ${ids}`);
  });

  test('the createChatCompletion mutation answers', async () => {
    const { status, body } = await post(`mutation Chat($input: ChatInput!) {
      createChatCompletion(input: $input) {
        id choices { message { role content { text } } finishReason } gateway { provider requestId }
      }
    }`, { input: input('hello over graphql') });
    assert.equal(status, 200);
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const completion = body.data.createChatCompletion;
    assert.equal(completion.choices[0].message.role, 'ROLE_ASSISTANT');
    assert.equal(completion.choices[0].message.content[0].text, 'hello over graphql');
    assert.equal(completion.choices[0].finishReason, 'FINISH_REASON_STOP');
    assert.equal(completion.gateway.provider, 'simulator');
  });

  test('an unknown model is a GraphQL error with the gRPC code, not a 500', async () => {
    const { status, body } = await post(`mutation Chat($input: ChatInput!) {
      createChatCompletion(input: $input) { id }
    }`, { input: { ...input('hi'), model: 'no-such-model' } });
    assert.equal(status, 200);
    assert.equal(body.errors[0].extensions.code, 'NOT_FOUND');
    assert.equal(body.errors[0].extensions.reason, 'model_not_found');
    assert.match(body.errors[0].message, /no-such-model/);
  });

  test('an unknown field is a 400 naming it', async () => {
    const { status, body } = await post('{ models { models { id colour } } }');
    assert.equal(status, 400);
    assert.equal(body.errors[0].extensions.code, 'INVALID_ARGUMENT');
    assert.match(body.errors[0].message, /colour/);
  });

  test('chatCompletionStream streams a completion piece by piece over graphql-ws', async () => {
    const client = wsClient();
    try {
      const pieces = [];
      await within(new Promise((resolve, reject) => {
        client.subscribe({ query: STREAM, variables: { input: input('one two three four') } }, {
          next: (result) => {
            if (result.errors) reject(new Error(JSON.stringify(result.errors)));
            else pieces.push(result.data.chatCompletionStream);
          },
          error: reject,
          complete: resolve,
        });
      }), 'the stream');
      assert.ok(pieces.length > 1, `pieces: ${pieces.length}`);
      const text = pieces.map((p) => p.choices[0]?.delta?.content ?? '').join('');
      assert.equal(text, 'one two three four');
      assert.equal(pieces.at(-1).choices[0]?.finishReason ?? pieces.at(-2).choices[0].finishReason,
                   'FINISH_REASON_STOP');
    } finally {
      await client.dispose();
    }
  });

  test('cancelling a subscription stops it, and the socket goes on', async () => {
    const client = wsClient();
    try {
      const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
      const pieces = [];
      let ended = false;
      let cancel;
      await within(new Promise((resolve, reject) => {
        cancel = client.subscribe({ query: STREAM, variables: { input: input(long) } }, {
          next: (result) => {
            pieces.push(result);
            if (pieces.length === 2) resolve();
          },
          error: reject,
          complete: () => { ended = true; },
        });
      }), 'the first pieces');
      cancel(); // sends complete: the gateway cancels the provider's stream
      const seen = pieces.length;
      await new Promise((wake) => setTimeout(wake, 500)); // the simulator would have sent ~10 more pieces
      assert.ok(pieces.length <= seen + 1, `pieces after cancelling: ${pieces.length - seen}`);
      assert.ok(pieces.length < 200);

      // Another operation on the same socket still runs to its end.
      const next = await within(new Promise((resolve, reject) => {
        const got = [];
        client.subscribe({ query: STREAM, variables: { input: input('still here') } }, {
          next: (result) => got.push(result), error: reject, complete: () => resolve(got),
        });
      }), 'the second stream');
      assert.equal(next.map((r) => r.data.chatCompletionStream.choices[0]?.delta?.content ?? '').join(''),
                   'still here');
    } finally {
      await client.dispose();
    }
  });

  test('a socket from another origin is refused', async () => {
    const socket = new WebSocket(URL_WS, 'graphql-transport-ws', { origin: 'https://evil.example' });
    const status = await within(new Promise((resolve) => {
      socket.on('unexpected-response', (req, res) => {
        req.destroy();
        resolve(res.statusCode);
      });
      socket.on('open', () => resolve('open'));
      socket.on('error', () => {});
    }), 'the refusal');
    assert.equal(status, 403);
  });
});
