// End-to-end tests of llmg's gRPC API from another language's client (Node, @grpc/grpc-js),
// loading the .proto files straight from apis/ at run time: nothing is generated.
//
// Needs a running gateway with the offline simulator model sim-echo:
//   LLMG_GRPC_ADDR=127.0.0.1:8080 hack/e2e/run
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const ADDR = process.env.LLMG_GRPC_ADDR;
const MODEL = process.env.LLMG_E2E_MODEL ?? 'sim-echo';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);

const root = (rel) => fileURLToPath(new URL(`../../${rel}`, import.meta.url));

// google/api/*.proto come from third_party/; google/protobuf/*.proto (struct, duration,
// descriptor) need no include dir: protobufjs, under proto-loader, ships them.
const packageDefinition = protoLoader.loadSync(
  ['gatewayapi/v1/chat_service.proto', 'gatewayapi/v1/models_service.proto'],
  {
    includeDirs: [root('apis'), root('third_party')],
    keepCase: true, // field names as in the .proto (tool_calls, finish_reason)
    longs: String, // int64 (created, seed) as decimal strings, like proto3 JSON
    enums: String, // ROLE_USER rather than 3
    defaults: true, // unset scalars read as their defaults, unset messages as null
    oneofs: true, // ContentPart.part names the field that is set
  },
);
const { gatewayapi } = grpc.loadPackageDefinition(packageDefinition);

/** A deadline for one call, so that a stuck gateway fails a test instead of hanging it. */
const deadline = () => new Date(Date.now() + DEADLINE_MS);

/** Calls a unary method and resolves with its response. */
function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: deadline() }, (err, response) =>
      err ? reject(err) : resolve(response),
    );
  });
}

/** Calls a server-streaming method and resolves with every piece, in order. */
function collect(client, method, request) {
  return new Promise((resolve, reject) => {
    const pieces = [];
    const call = client[method](request, { deadline: deadline() });
    call.on('data', (piece) => pieces.push(piece));
    call.on('error', reject);
    call.on('end', () => resolve(pieces));
  });
}

/** A chat request with one user message. */
function chat(text, model = MODEL) {
  return {
    chat: {
      model,
      messages: [{ role: 'ROLE_USER', content: [{ text }] }],
    },
  };
}

/** The text of a message: its text parts, joined. */
function textOf(message) {
  return message.content.filter((part) => part.part === 'text').map((part) => part.text).join('');
}

/** Asserts that a call failed with the given gRPC status code. */
async function assertStatus(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(
      err.code,
      code,
      `expected gRPC status ${grpc.status[code]} (${code}), got ${grpc.status[err.code]} (${err.code}): ${err.details}`,
    );
    return true;
  });
}

describe(`llmg gRPC API at ${ADDR}`, () => {
  let chatClient;
  let modelsClient;

  before(async () => {
    assert.ok(ADDR, 'set LLMG_GRPC_ADDR to the gateway gRPC address, e.g. 127.0.0.1:8080');
    const credentials = grpc.credentials.createInsecure();
    chatClient = new gatewayapi.v1.ChatService(ADDR, credentials);
    modelsClient = new gatewayapi.v1.ModelsService(ADDR, credentials);
    await new Promise((resolve, reject) =>
      chatClient.waitForReady(deadline(), (err) =>
        err ? reject(new Error(`no gRPC server at ${ADDR}: ${err.message}`)) : resolve(),
      ),
    );
  });

  after(() => {
    chatClient?.close();
    modelsClient?.close();
  });

  test('CreateChatCompletion answers with the echo of the user message', async () => {
    const response = await unary(chatClient, 'CreateChatCompletion', chat('hello from node'));
    assert.equal(response.choices.length, 1, 'one choice');
    const [choice] = response.choices;
    assert.equal(choice.message.role, 'ROLE_ASSISTANT');
    assert.match(textOf(choice.message), /hello from node/);
  });

  test('StreamChatCompletion streams the same answer in several pieces, usage last', async () => {
    const request = chat('hello from node');
    const whole = await unary(chatClient, 'CreateChatCompletion', request);
    const pieces = await collect(chatClient, 'StreamChatCompletion', request);

    assert.ok(pieces.length > 1, `more than one piece, got ${pieces.length}`);
    const streamed = pieces
      .flatMap((piece) => piece.choices)
      .filter((choice) => choice.index === 0)
      .map((choice) => choice.delta?.content ?? '')
      .join('');
    assert.equal(streamed, textOf(whole.choices[0].message));

    const last = pieces.at(-1);
    assert.ok(last.usage, 'the last piece carries usage');
    assert.equal(typeof last.usage.total_tokens, 'number');
    assert.ok(last.gateway, 'the last piece carries gateway metadata');
  });

  test('an unknown model is NOT_FOUND', async () => {
    const request = chat('hello', 'no-such-model-e2e');
    await assertStatus(unary(chatClient, 'CreateChatCompletion', request), grpc.status.NOT_FOUND);
    await assertStatus(collect(chatClient, 'StreamChatCompletion', request), grpc.status.NOT_FOUND);
  });

  test('a request without messages is INVALID_ARGUMENT', async () => {
    const request = { chat: { model: MODEL, messages: [] } };
    await assertStatus(unary(chatClient, 'CreateChatCompletion', request), grpc.status.INVALID_ARGUMENT);
    await assertStatus(collect(chatClient, 'StreamChatCompletion', request), grpc.status.INVALID_ARGUMENT);
  });

  test('ListModels lists sim-echo', async () => {
    const ids = [];
    let page_token = '';
    for (let pages = 0; pages < 100; pages++) {
      const response = await unary(modelsClient, 'ListModels', { page: { page_size: 0, page_token } });
      ids.push(...response.models.map((model) => model.id));
      page_token = response.page?.next_page_token ?? '';
      if (!page_token) break;
    }
    assert.ok(ids.includes(MODEL), `${MODEL} among the models: ${ids.join(', ')}`);
  });
});
