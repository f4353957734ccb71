// End-to-end tests of llmg's chat WebSocket (/api/v1/ws, protocol in apis/websocket.md) from Node with
// the `ws` package: several streams on one socket, cancelling one, pings, and the Origin check.
//
// Needs a running gateway with the default config (the simulator streams sim-echo at 20 pieces/s):
//   LLMG_HTTP_URL=http://127.0.0.1:8080 hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import WebSocket from 'ws';

const BASE = process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`;
const MODEL = process.env.LLMG_E2E_MODEL ?? 'sim-echo';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);
const WS_URL = `${BASE.replace(/^http/, 'ws')}/api/v1/ws`;
// A page of this machine, which the default server.websocket.allowed_origins lets in.
const ORIGIN = new URL(BASE).origin;

/** A chat request with one user message. */
const chat = (text) => ({ model: MODEL, messages: [{ role: 'ROLE_USER', content: [{ text }] }] });

/** Opens a socket and resolves once it is open, with a queue of the gateway's messages. */
function open(origin = ORIGIN) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(WS_URL, { origin });
    const messages = [];
    const waiters = [];
    ws.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'the gateway sends text frames');
      messages.push(JSON.parse(data.toString()));
      waiters.splice(0).forEach((wake) => wake());
    });
    ws.on('open', () => resolve({ ws, next: (match) => nextMatching(messages, waiters, match) }));
    ws.on('unexpected-response', (req, res) => {
      req.destroy(); // otherwise the refused connection lingers until the server's idle timeout
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
    });
    ws.on('error', reject);
  });
}

/** Resolves with (and removes) the first message that satisfies `match`, waiting for it if needed. */
async function nextMatching(messages, waiters, match) {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const index = messages.findIndex(match);
    if (index >= 0) return messages.splice(index, 1)[0];
    if (Date.now() > deadline) throw new Error(`no matching message within ${DEADLINE_MS} ms; have ${JSON.stringify(messages)}`);
    await new Promise((wake) => {
      waiters.push(wake);
      setTimeout(wake, 100);
    });
  }
}

/** Collects the messages of stream `id` up to its chat.done or chat.error. */
async function streamOf(socket, id) {
  const stream = [];
  for (;;) {
    const message = await socket.next((m) => m.id === id);
    stream.push(message);
    if (message.type === 'chat.done' || message.type === 'chat.error') return stream;
  }
}

/** The text a stream's chunks add up to. */
const textOf = (stream) => stream.filter((m) => m.type === 'chat.chunk')
  .map((m) => m.chunk.choices?.[0]?.delta?.content ?? '').join('');

const request = (id, text) => JSON.stringify({ type: 'chat.request', id, chat: chat(text) });

describe(`llmg chat WebSocket at ${WS_URL}`, () => {
  test('two streams on one socket both complete, each answer tagged with its id', async () => {
    const socket = await open();
    try {
      socket.ws.send(request('a', 'alpha beta gamma'));
      socket.ws.send(request('b', 'one two three four'));
      const [a, b] = await Promise.all([streamOf(socket, 'a'), streamOf(socket, 'b')]);

      assert.equal(textOf(a), 'alpha beta gamma');
      assert.equal(textOf(b), 'one two three four');
      for (const stream of [a, b]) {
        assert.equal(stream.at(-1).type, 'chat.done');
        const last = stream.at(-2).chunk;
        assert.ok(last.usage.totalTokens > 0, 'the last chunk carries usage');
        assert.equal(last.gateway.provider, 'simulator');
      }
    } finally {
      socket.ws.close();
    }
  });

  test('chat.cancel ends one stream with CANCELLED while the other completes', async () => {
    const socket = await open();
    try {
      socket.ws.send(request('long', 'word '.repeat(100).trim())); // 5 s at 20 pieces a second
      await socket.next((m) => m.id === 'long' && m.type === 'chat.chunk');
      socket.ws.send(request('short', 'still going'));
      socket.ws.send(JSON.stringify({ type: 'chat.cancel', id: 'long' }));

      const [long, short] = await Promise.all([streamOf(socket, 'long'), streamOf(socket, 'short')]);
      assert.equal(long.at(-1).type, 'chat.error');
      assert.equal(long.at(-1).error.code, 1);
      assert.equal(long.at(-1).error['grpc-code'], 'CANCELLED');
      assert.ok(textOf(long).split(' ').length < 100, 'the cancelled answer stopped early');
      assert.equal(short.at(-1).type, 'chat.done');
      assert.equal(textOf(short), 'still going');
    } finally {
      socket.ws.close();
    }
  });

  test('ping is answered with pong, in the protocol and as WebSocket frames', async () => {
    const socket = await open();
    try {
      socket.ws.send(JSON.stringify({ type: 'ping', id: 'p1' }));
      assert.deepEqual(await socket.next((m) => m.type === 'pong'), { type: 'pong', id: 'p1' });

      const pong = new Promise((resolve) => socket.ws.once('pong', (data) => resolve(data.toString())));
      socket.ws.ping('are you there');
      assert.equal(await pong, 'are you there');
    } finally {
      socket.ws.close();
    }
  });

  test('a bad message gets an error and the socket stays open', async () => {
    const socket = await open();
    try {
      socket.ws.send('not json');
      const error = await socket.next((m) => m.type === 'error');
      assert.equal(error.error['grpc-code'], 'INVALID_ARGUMENT');
      socket.ws.send(JSON.stringify({ type: 'chat.request', id: 'm', chat: { model: MODEL, messages: [] } }));
      const invalid = await socket.next((m) => m.id === 'm');
      assert.equal(invalid.type, 'chat.error');
      assert.match(invalid.error.message, /messages must hold at least one message/);
      socket.ws.send(request('ok', 'fine'));
      assert.equal(textOf(await streamOf(socket, 'ok')), 'fine');
    } finally {
      socket.ws.close();
    }
  });

  test('closing the socket is answered with a normal close', async () => {
    const socket = await open();
    socket.ws.send(request('open', 'word '.repeat(100).trim()));
    await socket.next((m) => m.id === 'open');
    const closed = new Promise((resolve) => socket.ws.once('close', (code) => resolve(code)));
    socket.ws.close(); // no status code, as browsers send it
    assert.equal(await closed, 1000);
  });

  test('a page of another origin cannot open a socket', async () => {
    await assert.rejects(open('https://evil.example'), (err) => {
      assert.equal(err.status, 403);
      return true;
    });
  });
});
