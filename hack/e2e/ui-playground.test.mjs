// The dashboard's playground in headless Chromium, against a running gateway: a message typed to sim-echo is
// answered piece by piece (the simulator echoes the prompt), with the routing decision, usage and a request id
// beside it that opens the call's record; a response schema shows the structured-output verdict; a refused
// request shows the gateway's words; Stop cancels a stream; invalid tools JSON is caught by the page itself,
// without calling the API; the form survives a reload (without the key).
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... node --test hack/e2e/ui-playground.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);

/** Chromium's console line for a 4xx answer a test provokes on purpose. */
const PROVOKED_4XX = /console error: Failed to load resource: the server responded with a status of 4\d\d/;

/** Counts the page's calls to the chat API (whole and streamed). */
function countChatCalls(page) {
  const counter = { calls: 0 };
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/chat/completions')) counter.calls += 1;
  });
  return counter;
}

/** Records every text the answer shows while it grows, from now on, in window.llmgAnswerTexts. */
async function watchAnswer(page) {
  await page.evaluate(() => {
    const answer = document.getElementById('answer');
    window.llmgAnswerTexts = [];
    new MutationObserver(() => window.llmgAnswerTexts.push(answer.textContent))
      .observe(answer, { childList: true, characterData: true, subtree: true });
  });
}

/** An admin API call (POST, DELETE) that must succeed; with allowMissing a 404 is fine too. */
async function admin(method, path, body, { allowMissing = false } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const text = await response.text();
  if (!(allowMissing && response.status === 404)) assert.equal(response.status, 200, `${method} ${path}: ${text}`);
}

/** Polls GET /api/v1/inferences/{id} until it is recorded; returns the inference. */
async function recorded(id) {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const response = await fetch(`${BASE_URL}/api/v1/inferences/${id}`,
      { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    if (response.status === 200) return (await response.json()).inference;
    assert.equal(response.status, 404);
    assert.ok(Date.now() < deadline, `${id} was not recorded in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`the playground at ${BASE_URL}`, { skip: NO_ADMIN_KEY }, () => {
  const browser = useBrowser();
  const suffix = randomBytes(4).toString('hex');

  test('streams sim-echo\'s answer in, with routing, usage and a request id that opens the call', async () => {
    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY });
    const chat = countChatCalls(page);
    await page.locator('#pg-model').selectOption('gpt-4o-mini');
    await expectText(page.locator('#model-info'), /gpt-4o-mini: served by openai\/gpt-4o-mini; unavailable: /);
    await page.locator('#pg-model').selectOption('sim-echo');
    await expectText(page.locator('#model-info'), 'sim-echo: served by simulator/sim-echo; available.');
    assert.ok(await page.locator('#pg-stream').isChecked(), 'streamed by default');
    const options = await page.locator('#pg-model option').allInnerTexts();
    assert.ok(options.some((text) => /^gpt-4o-mini .*unavailable/.test(text)), `availability shown: ${options}`);
    await page.locator('#pg-system').fill('Answer briefly.');
    await page.locator('#add-message').click();
    await page.locator('#msg-text-1').fill('an earlier answer');
    await page.locator('#add-message').click();
    const prompt = `playground ${suffix} one two three four five six seven eight nine ten`;
    await page.locator('#msg-text-2').fill(prompt);
    assert.equal(await page.locator('#msg-role-1').inputValue(), 'assistant', 'turns alternate');
    await page.locator('#msg-text-0').fill(`first question ${suffix}`);
    await watchAnswer(page);
    await page.locator('#send').click();

    await expectText(page.locator('#answer-status'), 'Finished: stop');
    assert.equal(await page.locator('#answer').innerText(), prompt, 'the simulator echoes the last user message');
    const texts = await page.evaluate(() => window.llmgAnswerTexts);
    const partial = new Set(texts.filter((text) => text && text !== prompt));
    assert.ok(partial.size >= 2, `the answer grew piece by piece: ${JSON.stringify(texts)}`);
    assert.equal(chat.calls, 1);

    const routing = await page.locator('#routing').innerText();
    assert.match(routing, /Requested model\s+sim-echo/);
    assert.match(routing, /Strategy\s+\w+/);
    assert.match(routing, /simulator\/sim-echo\s+succeeded/);
    assert.match(routing, /Summary\s+\S/);
    assert.match(await page.locator('#usage [data-tile="input"]').innerText(), /[1-9]/);
    assert.match(await page.locator('#usage [data-tile="output"]').innerText(), /[1-9]/);
    assert.match(await page.locator('#overhead').innerText(), /\d/);
    await expectText(page.locator('#structured'), 'asked for no JSON');
    const requestId = await page.locator('#request-id').innerText();
    assert.match(requestId, /^\S+$/);
    await screenshot(page, 'playground-streamed');

    const inference = await recorded(requestId);
    assert.equal(inference.surface, 'sse');
    assert.equal(inference.streamed, true);
    await page.locator('#request-id').click();
    await page.waitForFunction((id) => location.hash === `#/inferences/${id}`, requestId);
    await expectText(page.locator('h1'), requestId);
    await expectText(page.locator('#inference-attempts'), 'simulator/sim-echo');

    await page.goBack();
    await page.locator('#pg-model').waitFor();
    assert.equal(await page.locator('#msg-text-2').inputValue(), prompt, 'the form is kept');
    expectNoProblems(page);
  });

  test('a response schema run shows the structured verdict and the parsed JSON (whole, not streamed)', async () => {
    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY });
    await page.locator('#pg-model').selectOption('sim-echo');
    await page.locator('#pg-stream').uncheck();
    const city = `Lisbon-${suffix}`;
    await page.locator('#msg-text-0').fill(city);
    await page.locator('#pg-format-section summary').click();
    await page.locator('#pg-format').selectOption('json_schema');
    await page.locator('#pg-schema-name').fill('trip');
    await page.locator('#schema').fill(JSON.stringify({ type: 'object', properties: { city: { type: 'string' } },
      required: ['city'] }));
    await page.locator('#pg-policy').selectOption('STRUCTURED_OUTPUT_POLICY_REPAIR');
    await page.locator('#send').click();

    await expectText(page.locator('#answer-status'), 'Finished: stop');
    await expectText(page.locator('#structured-status'), 'valid');
    const structured = await page.locator('#structured').innerText();
    assert.match(structured, /Policy\s+repair/);
    assert.deepEqual(JSON.parse(await page.locator('#parsed-json').innerText()), { city });
    assert.deepEqual(JSON.parse(await page.locator('#answer').innerText()), { city });
    const requestId = await page.locator('#request-id').innerText();
    const inference = await recorded(requestId);
    assert.equal(inference.structuredStatus, 'valid');
    assert.equal(inference.structuredPolicy, 'repair');
    assert.equal(inference.surface, 'rest');
    await screenshot(page, 'playground-structured');
    expectNoProblems(page);
  });

  test('invalid tools JSON is the page\'s own error, and no call is made; tools that parse are called', async () => {
    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY });
    const chat = countChatCalls(page);
    await page.locator('#pg-model').selectOption('sim-echo');
    await page.locator('#msg-text-0').fill(`weather in Porto ${suffix}`);
    await page.locator('#pg-tools summary').click();
    await page.locator('#tools').fill('[{"name": "get_weather", "parameters": ');
    await page.locator('#send').click();
    await expectText(page.locator('#tools-error'), 'Tools are not valid JSON');
    await expectText(page.locator('#answer-status'), 'Not sent');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tools', 'the field to fix has the focus');
    await page.locator('#tools').fill('{"name": "get_weather"}');
    await page.locator('#send').click();
    await expectText(page.locator('#tools-error'), 'must be a JSON array');
    await screenshot(page, 'playground-tools-error');
    assert.equal(chat.calls, 0, 'nothing was sent');

    await page.locator('#tools').fill(JSON.stringify([{ type: 'function', function: { name: 'get_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }]));
    await page.locator('#send').click();
    await expectText(page.locator('#answer-status'), 'Finished: tool calls');
    assert.equal(await page.locator('#tools-error').innerText(), '');
    await expectText(page.locator('#tool-calls'), 'get_weather');
    assert.match(await page.locator('#tool-calls pre').innerText(), /"city"/);
    await expectText(page.locator('#structured-status'), 'valid');
    assert.equal(chat.calls, 1);
    expectNoProblems(page);
  });

  test('a refused request shows the gateway\'s words; Stop cancels a stream', async () => {
    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY });
    await page.locator('#pg-model').selectOption('gpt-4o-mini');
    await page.locator('#msg-text-0').fill(`hello ${suffix}`);
    await page.locator('#send').click();
    await expectText(page.locator('#answer-error .error'), /gpt-4o-mini.*cannot be used|api_key/);
    await expectText(page.locator('#answer-status'), 'The request failed');
    await screenshot(page, 'playground-refused');

    await page.locator('#pg-model').selectOption('sim-echo');
    const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    await page.locator('#msg-text-0').fill(long);
    await page.locator('#send').click();
    await expectText(page.locator('#answer-status'), 'Streaming');
    assert.ok(await page.locator('#stop').isEnabled());
    await page.locator('#stop').click();
    await expectText(page.locator('#answer-status'), 'Stopped');
    const shown = await page.locator('#answer').innerText();
    assert.ok(shown.length > 0 && shown.length < long.length, `cut short: ${shown.length} of ${long.length}`);
    assert.ok(await page.locator('#stop').isDisabled());
    assert.ok(await page.locator('#send').isEnabled());
    // The aborted stream's request is the one failed request this test causes on purpose.
    expectNoProblems(page,
      { ignore: [PROVOKED_4XX, /request failed: POST .*\/chat\/completions:stream: net::ERR_ABORTED/] });
  });

  test('a stream that breaks shows the API\'s error event; a group\'s routing lists every attempt', async (t) => {
    // Made through the admin API for this test and deleted after it: a simulator whose streams break after two
    // pieces, and a group that tries a simulator answering 503 (twice) before the working one.
    const broken = `e2e-broken-${suffix}`;
    const flaky = `e2e-flaky-${suffix}`;
    const group = `e2e-group-${suffix}`;
    t.after(async () => {
      await admin('DELETE', `/api/v1/admin/models/${broken}`, undefined, { allowMissing: true });
      await admin('DELETE', `/api/v1/admin/models/${group}`, undefined, { allowMissing: true });
      await admin('DELETE', `/api/v1/admin/providers/${broken}`, undefined, { allowMissing: true });
      await admin('DELETE', `/api/v1/admin/providers/${flaky}`, undefined, { allowMissing: true });
    });
    await admin('POST', '/api/v1/admin/providers', { name: broken, settings: { type: 'simulator', latency: '10ms',
      faults: { fail_after_pieces: { share: 1, pieces: 2 } } } });
    await admin('POST', '/api/v1/admin/models', { name: broken,
      settings: { provider: broken, provider_model: 'sim-echo' } });
    await admin('POST', '/api/v1/admin/providers', { name: flaky, settings: { type: 'simulator', latency: '10ms',
      faults: { server_errors: { share: 1, status: 503 } } } });
    await admin('POST', '/api/v1/admin/models', { name: group, settings: { strategy: 'priority',
      retry: { attempts: 2, backoff: '10ms' },
      targets: [{ provider: flaky, model: 'sim-echo' }, { provider: 'simulator', model: 'sim-echo' }] } });

    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY });
    await page.locator('#pg-model').selectOption(broken);
    await page.locator('#msg-text-0').fill(`alpha beta gamma delta epsilon ${suffix}`);
    await page.locator('#send').click();
    await expectText(page.locator('#answer-error .error'), /broke in the middle of the answer.*\(connection_lost\)/);
    await expectText(page.locator('#answer-status'), 'The stream failed after it started');
    assert.equal(await page.locator('#answer').innerText(), 'alpha beta ', 'the two pieces that came');
    await expectText(page.locator('#routing'), `${broken}/sim-echo`);
    await screenshot(page, 'playground-stream-error');

    await page.locator('#pg-model').selectOption(group);
    await page.locator('#msg-text-0').fill(`through the group ${suffix}`);
    await page.locator('#send').click();
    await expectText(page.locator('#answer-status'), 'Finished: stop');
    assert.equal(await page.locator('#answer').innerText(), `through the group ${suffix}`);
    const attempts = await page.locator('#routing tbody tr').allInnerTexts();
    assert.equal(attempts.length, 3, attempts.join('\n'));
    assert.match(attempts[0], new RegExp(`${flaky}/sim-echo\\s+failed.*UNAVAILABLE: http_503`, 's'));
    assert.match(attempts[1], new RegExp(`${flaky}/sim-echo\\s+failed`));
    assert.match(attempts[2], /simulator\/sim-echo\s+succeeded/);
    assert.match(await page.locator('#routing').innerText(), /Strategy\s+priority/);
    assert.match(await page.locator('#gateway').innerText(), /Attempts\s+3/);
    await screenshot(page, 'playground-group');
    expectNoProblems(page);
  });

  test('the form survives a reload, without the key, and reads on a 390 px wide screen', async () => {
    const page = await openPage(browser(), '/ui/#/playground', { key: ADMIN_KEY, viewport: { width: 390,
      height: 844 } });
    await page.locator('#pg-model').selectOption('sim-echo');
    const text = `kept ${suffix}`;
    await page.locator('#msg-text-0').fill(text);
    await page.locator('#add-message').click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'msg-text-1', 'the new message has the focus');
    await page.locator('#msg-text-1').fill('to be removed');
    await page.getByRole('button', { name: 'Remove message 2' }).click();
    assert.equal(await page.locator('.message-row').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'msg-text-0', 'the focus stays in the list');
    await page.locator('#pg-parameters summary').click();
    await page.locator('#pg-temperature').fill('0.4');
    await page.reload();
    await page.locator('#msg-text-0').waitFor();
    assert.equal(await page.locator('#msg-text-0').inputValue(), text);
    assert.equal(await page.locator('#pg-temperature').inputValue(), '0.4');
    const saved = await page.evaluate(() => sessionStorage.getItem('llmg.playground'));
    assert.ok(!saved.includes(ADMIN_KEY), 'the key is never saved with the form');

    await page.locator('#msg-text-0').press('Control+Enter');
    await expectText(page.locator('#answer-status'), 'Finished');
    assert.equal(await page.locator('#answer').innerText(), text);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    await screenshot(page, 'playground-390');
    expectNoProblems(page);
  });
});
