// End-to-end tests of llmg's OpenAI-compatible API (/v1) with the official OpenAI Node SDK, configured
// with nothing but the gateway's base URL and a key, as a caller switching from OpenAI would.
//
// Needs a running gateway with the offline simulator model sim-echo:
//   LLMG_HTTP_URL=http://127.0.0.1:8080 hack/e2e/run      (or LLMG_GRPC_ADDR=127.0.0.1:8080)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import OpenAI from 'openai';

const BASE = process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`;
const MODEL = process.env.LLMG_E2E_MODEL ?? 'sim-echo';
const TIMEOUT_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);

// maxRetries 0: a failure should fail the test at once, not be retried into a timeout.
const client = new OpenAI({ baseURL: `${BASE}/v1`, apiKey: 'sk-llmg-e2e', timeout: TIMEOUT_MS, maxRetries: 0 });

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
    strict: true,
  },
};

describe('OpenAI SDK against /v1', () => {
  test('chat.completions.create answers like OpenAI, with llmg metadata beside', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'developer', content: 'Be terse.' },
        { role: 'user', content: 'Hello from Node' },
      ],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0].message.role, 'assistant');
    assert.equal(completion.choices[0].message.content, 'Hello from Node');
    assert.equal(completion.choices[0].finish_reason, 'stop');
    assert.ok(completion.usage.total_tokens > 0);
    assert.equal(completion.llmg.provider, 'simulator');
  });

  test('streaming yields deltas that add up to the answer, then usage', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'one two three four' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish = null;
    let usage = null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      for (const choice of chunk.choices) {
        text += choice.delta.content ?? '';
        finish = choice.finish_reason ?? finish;
      }
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'one two three four');
    assert.equal(finish, 'stop');
    assert.ok(chunks >= 6, `a chunk per word, the finish and the usage; got ${chunks}`);
    assert.ok(usage.completion_tokens > 0);
  });

  test('the stream helper accumulates a tool call whose arguments parse', async () => {
    const stream = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: 'Reykjavik' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
    });
    const completion = await stream.finalChatCompletion();
    const call = completion.choices[0].message.tool_calls[0];
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Reykjavik' });
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
  });

  test('a tool call, then its result, then the answer', async () => {
    const messages = [{ role: 'user', content: 'Lima' }];
    const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    const call = first.choices[0].message.tool_calls[0];
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Lima' });
    messages.push(first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: 'sunny' });
    const second = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    assert.equal(second.choices[0].finish_reason, 'stop');
  });

  test('a JSON schema response format gets JSON that fits it', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'as JSON' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: {
            type: 'object',
            properties: { text: { type: 'string' }, score: { type: 'integer' } },
            required: ['text', 'score'],
            additionalProperties: false,
          },
        },
      },
    });
    const answer = JSON.parse(completion.choices[0].message.content);
    assert.equal(answer.text, 'as JSON');
    assert.equal(typeof answer.score, 'number');
  });

  const PERSON_FORMAT = {
    type: 'json_schema',
    json_schema: {
      name: 'person',
      strict: true,
      schema: {
        type: 'object',
        properties: { text: { type: 'string' }, score: { type: 'integer' } },
        required: ['text', 'score'],
        additionalProperties: false,
      },
    },
  };

  test('the parse() helper reads llmg\'s structured answer, checked under the policy the llmg extension names', async () => {
    const completion = await client.chat.completions.parse({
      model: MODEL,
      messages: [{ role: 'user', content: 'parse me' }],
      response_format: PERSON_FORMAT,
      llmg: { structured_output: 'strict' },
    });
    const message = completion.choices[0].message;
    assert.equal(message.parsed.text, 'parse me');
    assert.equal(typeof message.parsed.score, 'number');
    assert.equal(completion.llmg.structured_output.policy, 'STRUCTURED_OUTPUT_POLICY_STRICT');
    assert.equal(completion.llmg.structured_output.status, 'STRUCTURED_OUTPUT_STATUS_VALID');
  });

  test('a streamed structured answer carries the value parsed so far on its chunks', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'stream me as JSON' }],
      response_format: PERSON_FORMAT,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    const partials = [];
    let parsed;
    let structured;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.choices[0]?.llmg?.partial) partials.push(chunk.choices[0].llmg.partial);
      if (chunk.choices[0]?.llmg?.parsed) parsed = chunk.choices[0].llmg.parsed;
      if (chunk.llmg?.structured_output) structured = chunk.llmg.structured_output;
    }
    assert.ok(partials.length >= 1, 'at least one chunk carries a partial value');
    assert.deepEqual(parsed, JSON.parse(text));
    assert.deepEqual(partials.at(-1), parsed);
    assert.equal(structured.status, 'STRUCTURED_OUTPUT_STATUS_VALID');
  });

  test('an unknown structured_output policy in the llmg extension is a BadRequestError naming it', async () => {
    await assert.rejects(
      client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'hi' }],
        llmg: { structured_output: 'always' },
      }),
      (error) => error instanceof OpenAI.BadRequestError && /llmg\.structured_output/.test(error.message),
    );
  });

  test('models.list and models.retrieve', async () => {
    const ids = [];
    for await (const model of client.models.list()) {
      assert.equal(model.object, 'model');
      ids.push(model.id);
    }
    assert.ok(ids.includes(MODEL), `${MODEL} in ${ids}`);
    const model = await client.models.retrieve(MODEL);
    assert.equal(model.id, MODEL);
    assert.equal(model.owned_by, 'simulator');
  });

  test('embeddings.create, in the SDK default (base64) and as floats', async () => {
    const request = { model: MODEL, input: ['first text', 'second text'], dimensions: 16 };
    const decoded = await client.embeddings.create(request);
    const floats = await client.embeddings.create({ ...request, encoding_format: 'float' });
    assert.equal(decoded.data.length, 2);
    assert.equal(decoded.data[1].index, 1);
    for (const item of decoded.data) {
      assert.equal(item.embedding.length, 16);
      const norm = Math.sqrt(item.embedding.reduce((sum, v) => sum + v * v, 0));
      assert.ok(Math.abs(norm - 1) < 1e-5, `unit length, got ${norm}`);
    }
    assert.deepEqual(decoded.data[0].embedding, floats.data[0].embedding);
    assert.notDeepEqual(decoded.data[0].embedding, decoded.data[1].embedding);
    assert.ok(decoded.usage.prompt_tokens > 0);
  });

  test('an unknown model is the SDK NotFoundError with our message', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
      (err) => {
        assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err}`);
        assert.equal(err.status, 404);
        assert.equal(err.code, 'model_not_found');
        assert.equal(err.param, 'model');
        assert.match(err.message, /model 'no-such-model' is not configured/);
        assert.ok(err.requestID, 'x-request-id reaches the SDK');
        return true;
      },
    );
  });

  test('bad input is the SDK BadRequestError naming the parameter, streaming or not', async () => {
    for (const stream of [false, true]) {
      await assert.rejects(
        client.chat.completions.create({ model: MODEL, messages: [], stream }),
        (err) => {
          assert.ok(err instanceof OpenAI.BadRequestError, `got ${err?.constructor?.name}: ${err}`);
          assert.equal(err.param, 'messages');
          assert.equal(err.type, 'invalid_request_error');
          return true;
        },
      );
    }
  });
});
