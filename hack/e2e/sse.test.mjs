// End-to-end test of llmg's Server-Sent Events route, POST /api/v1/chat/completions:stream, read
// incrementally with Node's fetch.
//
// Needs a running gateway with the default config (the simulator streams sim-echo at 20 pieces/s):
//   LLMG_HTTP_URL=http://127.0.0.1:8080 hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

const BASE = process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`;
const MODEL = process.env.LLMG_E2E_MODEL ?? 'sim-echo';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);
const URL_STREAM = `${BASE}/api/v1/chat/completions:stream`;

const post = (body) => fetch(URL_STREAM, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  signal: AbortSignal.timeout(DEADLINE_MS),
});

/** Yields each event ({event, data}) as soon as its bytes have arrived, and how many reads it took. */
async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let reads = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    reads += 1;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { event: 'message', data: '', reads };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event.event = line.slice(7);
        if (line.startsWith('data: ')) event.data += line.slice(6);
      }
      yield event;
    }
  }
}

describe(`llmg Server-Sent Events at ${URL_STREAM}`, () => {
  test('streams the answer event by event, usage last, then done', async () => {
    const words = 'one two three four five six seven eight';
    const response = await post({ model: MODEL, messages: [{ role: 'ROLE_USER', content: [{ text: words }] }] });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^text\/event-stream/);

    const received = [];
    for await (const event of events(response)) received.push(event);

    assert.deepEqual(received.at(-1).event, 'done');
    const pieces = received.slice(0, -1).map((event) => JSON.parse(event.data));
    const text = pieces.map((piece) => piece.choices?.[0]?.delta?.content ?? '').join('');
    assert.equal(text, words);
    assert.ok(pieces.at(-1).usage.totalTokens > 0, 'the last piece carries usage');
    assert.equal(pieces.at(-1).gateway.requestId, response.headers.get('x-request-id'));
    // At 20 pieces a second, an answer that came in one read would have been buffered somewhere.
    assert.ok(received.at(-1).reads > received[0].reads,
      `the first event arrived in read ${received[0].reads}, the last in read ${received.at(-1).reads}`);
  });

  test('bad input is a 4xx with the JSON error, before any event', async () => {
    const response = await post({ model: MODEL, messages: [] });
    assert.equal(response.status, 400);
    const error = await response.json();
    assert.equal(error.code, 3);
    assert.equal(error['grpc-code'], 'INVALID_ARGUMENT');
    assert.match(error.message, /messages must hold at least one message/);
  });
});
