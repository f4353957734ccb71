// The dashboard's inferences page in headless Chromium, against a running gateway: after a known mix of calls
// (hack/e2e/ui/traffic.mjs in a tenant of its own, plus this file's own sim-echo calls, failing gpt-4o-mini
// calls and a streamed one, all under that tenant's key so that their caller is this run's alone), the table
// lists exactly them, the filter form narrows them by status and by model through the address, Next and
// Previous page through distinct rows, a row opens its detail with its attempts, and an unknown id says so.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... node --test hack/e2e/ui-inferences.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';
import { ensureTraffic } from './ui/traffic.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';
const DEADLINE_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);
const NARROW = { width: 390, height: 844 };

/** Chromium's console line for the 404 the unknown-id test asks for on purpose; nothing else is forgiven. */
const PROVOKED_404 = /console error: Failed to load resource: the server responded with a status of 404/;

/** A REST call with KEY; resolves to {status, body, requestId}. */
async function call(key, method, path, body, { stream = false } = {}) {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const text = await response.text();
  let parsed = text;
  if (!stream) parsed = text ? JSON.parse(text) : {};
  return { status: response.status, body: parsed, requestId: response.headers.get('x-request-id') };
}

/** An admin API call that must succeed (or, with allowMissing, find nothing: 404). */
async function admin(method, path, body, { allowMissing = false } = {}) {
  const answer = await call(ADMIN_KEY, method, path, body);
  if (allowMissing && answer.status === 404) return answer.body;
  assert.equal(answer.status, 200, `${method} ${path}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Every recorded call of CALLER, newest first (GET /api/v1/inferences, all pages). */
async function recordsOf(caller) {
  const records = [];
  let token = '';
  do {
    const query = new URLSearchParams({ caller, 'page.page_size': '1000' });
    if (token) query.set('page.page_token', token);
    const { status, body } = await call(ADMIN_KEY, 'GET', `/api/v1/inferences?${query}`);
    assert.equal(status, 200, JSON.stringify(body));
    records.push(...(body.inferences ?? []));
    token = body.page?.nextPageToken ?? '';
  } while (token);
  return records;
}

/** Polls until every one of IDS is recorded for CALLER; returns the caller's records. */
async function waitRecorded(caller, ids) {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const records = await recordsOf(caller);
    const seen = new Set(records.map((record) => record.id));
    if (ids.every((id) => seen.has(id))) return records;
    assert.ok(Date.now() < deadline, `not recorded in time: ${ids.filter((id) => !seen.has(id)).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The data-id of the rows the page's results table shows, in order. */
async function shownIds(page) {
  return page.locator('#inference-results tbody tr[data-id]').evaluateAll((rows) => rows.map((row) => row.dataset.id));
}

/** Waits until the results table shows exactly EXPECTED (a sorted list of ids, or a predicate of the shown ids). */
async function waitRows(page, expected) {
  const deadline = Date.now() + DEADLINE_MS;
  let shown = [];
  for (;;) {
    shown = await shownIds(page);
    const ok = typeof expected === 'function' ? expected(shown)
      : JSON.stringify([...shown].sort()) === JSON.stringify(expected);
    if (ok) return shown;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the table showed ${JSON.stringify(shown)}, expected ${typeof expected === 'function'
    ? expected.toString() : JSON.stringify(expected)}`);
}

describe(`the inferences page at ${BASE_URL}`, { skip: NO_ADMIN_KEY }, () => {
  const browser = useBrowser();
  const suffix = randomBytes(4).toString('hex');
  let traffic;
  let mine; // this file's own calls: {requestId, model, ok, grpcCode, streamed}
  let all; // every call of this run's caller: {requestId, model, grpcCode}
  let failureCode; // the status the gpt-4o-mini calls ended with (FAILED_PRECONDITION without an OpenAI key)
  // A provider that always answers 503 and a group that tries it (twice) before the simulator, made through the
  // admin API for this run and deleted after it, so that one call has attempts that failed, were retried and
  // moved on.
  const flaky = `e2e-flaky-${suffix}`;
  const group = `e2e-group-${suffix}`;

  before(async () => {
    traffic = await ensureTraffic();
    const user = (text) => [{ role: 'ROLE_USER', content: [{ text }] }];
    mine = [];
    for (let i = 1; i <= 3; i += 1) {
      const answer = await call(traffic.apiKey, 'POST', '/api/v1/chat/completions',
        { model: 'sim-echo', messages: user(`ui-inferences ${suffix} ok ${i}`) });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      mine.push({ requestId: answer.requestId, model: 'sim-echo', ok: true, grpcCode: 'OK', streamed: false });
    }
    for (let i = 1; i <= 2; i += 1) {
      const answer = await call(traffic.apiKey, 'POST', '/api/v1/chat/completions',
        { model: 'gpt-4o-mini', messages: user(`ui-inferences ${suffix} fails ${i}`) });
      assert.notEqual(answer.status, 200, 'gpt-4o-mini must fail: run the gateway without OPENAI_API_KEY');
      mine.push({ requestId: answer.requestId, model: 'gpt-4o-mini', ok: false, grpcCode: answer.body['grpc-code'],
        streamed: false });
    }
    const streamed = await call(traffic.apiKey, 'POST', '/api/v1/chat/completions:stream',
      { model: 'sim-echo', messages: user(`ui-inferences ${suffix} streamed`) }, { stream: true });
    assert.equal(streamed.status, 200);
    assert.match(streamed.body, /^event: done$/m);
    mine.push({ requestId: streamed.requestId, model: 'sim-echo', ok: true, grpcCode: 'OK', streamed: true });
    const structured = await call(traffic.apiKey, 'POST', '/api/v1/chat/completions', {
      model: 'sim-echo', messages: user(`ui-inferences ${suffix} json`),
      responseFormat: { type: 'RESPONSE_FORMAT_TYPE_JSON_SCHEMA', jsonSchema: { name: 'reply',
        schema: { type: 'object', properties: { reply: { type: 'string' } }, required: ['reply'] } } },
    });
    assert.equal(structured.status, 200, JSON.stringify(structured.body));
    mine.push({ requestId: structured.requestId, model: 'sim-echo', ok: true, grpcCode: 'OK', streamed: false,
      structured: true });
    await admin('POST', '/api/v1/admin/providers', { name: flaky, settings: { type: 'simulator', latency: '10ms',
      faults: { server_errors: { share: 1, status: 503 } } } });
    await admin('POST', '/api/v1/admin/models', { name: group, settings: { strategy: 'priority',
      retry: { attempts: 2, backoff: '10ms' },
      targets: [{ provider: flaky, model: 'sim-echo' }, { provider: 'simulator', model: 'sim-echo' }] } });
    const routed = await call(traffic.apiKey, 'POST', '/api/v1/chat/completions',
      { model: group, messages: user(`ui-inferences ${suffix} group`) });
    assert.equal(routed.status, 200, JSON.stringify(routed.body));
    assert.equal(routed.body.gateway.attempts, 3, JSON.stringify(routed.body.gateway));
    mine.push({ requestId: routed.requestId, model: group, ok: true, grpcCode: 'OK', streamed: false, group: true });
    failureCode = mine.find((c) => !c.ok).grpcCode;
    assert.ok(mine.filter((c) => !c.ok).every((c) => c.grpcCode === failureCode), JSON.stringify(mine));
    all = [...traffic.calls, ...mine];
    await waitRecorded(traffic.caller, mine.map((c) => c.requestId));
  });

  after(async () => {
    await admin('DELETE', `/api/v1/admin/models/${group}`, undefined, { allowMissing: true });
    await admin('DELETE', `/api/v1/admin/providers/${flaky}`, undefined, { allowMissing: true });
  });

  const idsWhere = (predicate) => all.filter(predicate).map((c) => c.requestId).sort();

  test('lists exactly this run\'s calls for its caller, newest first, with their columns', async () => {
    const page = await openPage(browser(), `/ui/#/inferences?caller=${encodeURIComponent(traffic.caller)}`,
      { key: ADMIN_KEY });
    const shown = await waitRows(page, idsWhere(() => true));
    assert.ok(shown.length < 50, 'the run fits on one page of the default size');
    const records = await recordsOf(traffic.caller);
    assert.deepEqual(shown, records.map((record) => record.id), 'the same order as the API: newest first');

    const streamedRow = page.locator(`tr[data-id="${mine.find((c) => c.streamed).requestId}"]`);
    const cell = (label) => streamedRow.locator(`td[data-label="${label}"]`);
    assert.equal(await cell('Surface').innerText(), 'sse');
    assert.equal(await cell('Status').innerText(), 'OK');
    assert.match(await cell('First piece').innerText(), /\d/, 'a streamed call has a time to its first piece');
    assert.match(await cell('Model (asked → served)').innerText(), /sim-echo/);
    assert.match(await cell('Tokens in / out').innerText(), /^\d+ \/ \d+$/);
    const failedRow = page.locator(`tr[data-id="${mine.find((c) => !c.ok).requestId}"]`);
    assert.equal(await failedRow.locator('td[data-label="Status"]').innerText(), failureCode);
    assert.equal(await failedRow.locator('td[data-label="Status"] span').getAttribute('class'), 'status-bad');
    assert.equal(await page.locator('#filter-caller').inputValue(), traffic.caller, 'the form shows the filter');
    await screenshot(page, 'inferences-list');
    expectNoProblems(page);
  });

  test('the form filters by status and then by model, through a bookmarkable address', async () => {
    const page = await openPage(browser(), '/ui/#/inferences', { key: ADMIN_KEY });
    // As a person would, wait for the first page before filtering (leaving a page aborts its requests).
    await expectText(page.locator('#page-label'), 'Page 1');
    await page.locator('#filter-caller').fill(traffic.caller);
    await page.locator('#filter-status').selectOption(failureCode);
    await page.locator('#apply-filters').click();
    await waitRows(page, idsWhere((c) => c.grpcCode === failureCode));
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
    assert.equal(hash.get('status'), failureCode);
    assert.equal(hash.get('caller'), traffic.caller);
    const statuses = await page.locator('#inference-results td[data-label="Status"]').allInnerTexts();
    assert.ok(statuses.length >= 2 && statuses.every((status) => status === failureCode), statuses.join());
    await screenshot(page, 'inferences-filtered-status');

    await page.locator('#filter-status').selectOption('');
    await page.locator('#filter-model').selectOption('gpt-4o-mini');
    await page.locator('#filter-range').selectOption('hour');
    await page.locator('#apply-filters').click();
    const gpt = idsWhere((c) => c.model === 'gpt-4o-mini');
    assert.ok(gpt.length >= 3, 'traffic.mjs\'s and this file\'s gpt-4o-mini calls');
    await waitRows(page, gpt);
    const models = await page.locator('#inference-results td[data-label="Model (asked → served)"]').allInnerTexts();
    assert.ok(models.every((model) => model === 'gpt-4o-mini'), models.join());
    assert.match(await page.evaluate(() => location.hash), /model=gpt-4o-mini.*range=hour|range=hour.*model=/);

    // The address alone brings the same view back (a bookmark), in a fresh page.
    // Structured output: only the calls whose JSON answer was found valid (this file's json call among them).
    await page.locator('#filter-model').selectOption('');
    await page.locator('#filter-structured').selectOption('valid');
    await page.locator('#apply-filters').click();
    const valid = (await recordsOf(traffic.caller)).filter((record) => record.structuredStatus === 'valid')
      .map((record) => record.id).sort();
    assert.ok(valid.includes(mine.find((c) => c.structured).requestId));
    await waitRows(page, valid);
    await page.locator('#filter-model').selectOption('gpt-4o-mini');
    await page.locator('#filter-structured').selectOption('');
    await page.locator('#apply-filters').click();
    await waitRows(page, gpt);

    const bookmark = await page.evaluate(() => location.hash);
    const again = await openPage(browser(), `/ui/${bookmark}`, { key: ADMIN_KEY });
    await waitRows(again, gpt);
    assert.equal(await again.locator('#filter-model').inputValue(), 'gpt-4o-mini');
    assert.equal(await again.locator('#filter-range').inputValue(), 'hour');

    await page.locator('#clear-filters').click();
    await page.waitForFunction(() => location.hash === '#/inferences');
    await expectText(page.locator('#page-label'), 'Page 1');
    expectNoProblems(page);
    expectNoProblems(again);
  });

  test('a custom time range goes into the address as RFC 3339 and bounds the rows', async () => {
    const page = await openPage(browser(), `/ui/#/inferences?caller=${encodeURIComponent(traffic.caller)}`,
      { key: ADMIN_KEY });
    await waitRows(page, idsWhere(() => true));
    assert.ok(await page.locator('#custom-range').isHidden(), 'the custom inputs show only for Custom');
    await page.locator('#filter-range').selectOption('custom');
    await page.locator('#filter-start').waitFor();
    // datetime-local holds minutes in the browser's own time zone: a minute before the traffic, a minute after now.
    const local = (iso) => page.evaluate((time) => {
      const date = new Date(time);
      return new Date(date.getTime() - date.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
    }, iso);
    await page.locator('#filter-start').fill(await local(new Date(Date.parse(traffic.startTime) - 60e3).toISOString()));
    await page.locator('#filter-end').fill(await local(new Date(Date.now() + 120e3).toISOString()));
    await page.locator('#apply-filters').click();
    await page.waitForFunction(() => /start_time=.*end_time=/.test(location.hash));
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
    assert.match(hash.get('start_time'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    assert.ok(Date.parse(hash.get('start_time')) <= Date.parse(traffic.startTime));
    assert.equal(hash.get('range'), null);
    await waitRows(page, idsWhere(() => true));

    // A week that ended a year ago holds none of them.
    const yearAgo = Date.now() - 365 * 86400e3;
    await page.locator('#filter-start').fill(await local(new Date(yearAgo - 7 * 86400e3).toISOString()));
    await page.locator('#filter-end').fill(await local(new Date(yearAgo).toISOString()));
    await page.locator('#apply-filters').click();
    await expectText(page.locator('#inference-results'), 'No recorded call matches these filters.');
    assert.deepEqual(await shownIds(page), []);
    expectNoProblems(page);
  });

  test('Next and Previous page through distinct rows, two at a time', async () => {
    const everyRow = (await recordsOf(traffic.caller)).map((record) => record.id);
    const page = await openPage(browser(),
      `/ui/#/inferences?caller=${encodeURIComponent(traffic.caller)}&range=hour&page_size=2`, { key: ADMIN_KEY });
    const first = await waitRows(page, (ids) => ids.length === 2);
    assert.deepEqual(first, everyRow.slice(0, 2));
    assert.ok(await page.locator('#page-previous').isDisabled(), 'no page before the first');
    await expectText(page.locator('#page-label'), 'Page 1');

    await page.locator('#page-next').click();
    const second = await waitRows(page, (ids) => ids.length === 2 && ids[0] !== first[0]);
    assert.deepEqual(second, everyRow.slice(2, 4));
    await expectText(page.locator('#page-label'), 'Page 2');
    await page.locator('#page-next').click();
    const third = await waitRows(page, (ids) => ids.length > 0 && ids[0] !== second[0]);
    assert.deepEqual(third, everyRow.slice(4, 6));
    assert.equal(new Set([...first, ...second, ...third]).size, 6, 'six distinct rows');

    await page.locator('#page-previous').click();
    assert.deepEqual(await waitRows(page, (ids) => ids[0] === second[0]), second);
    await page.locator('#page-previous').click();
    assert.deepEqual(await waitRows(page, (ids) => ids[0] === first[0]), first);
    assert.ok(await page.locator('#page-previous').isDisabled());
    await screenshot(page, 'inferences-paged');
    expectNoProblems(page);
  });

  test('a row opens (with Enter) the call\'s detail: routing, attempts, usage and the bodies note', async () => {
    const ok = mine.find((c) => c.ok && !c.streamed).requestId;
    const page = await openPage(browser(), `/ui/#/inferences?caller=${encodeURIComponent(traffic.caller)}`,
      { key: ADMIN_KEY });
    const row = page.locator(`tr[data-id="${ok}"]`);
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash === `#/inferences/${id}`, ok);
    await expectText(page.locator('h1'), ok);
    await expectText(page.locator('#inference-status'), 'OK');
    const facts = await page.locator('#inference-facts').innerText();
    assert.match(facts, /Caller\s+key:/);
    assert.match(facts, /Surface\s+rest/);
    assert.match(facts, /Streamed\s+no/);
    await expectText(page.locator('#route-steps'),
      /asked for sim-echo.*rule none matched.*group sim-echo.*served by simulator\/sim-echo/s);
    await expectText(page.locator('#route-why'), 'No routing rule matched');
    const attempts = page.locator('#inference-attempts tbody tr');
    assert.equal(await attempts.count(), 1);
    const attempt = await attempts.first().innerText();
    assert.match(attempt, /simulator\/sim-echo/);
    assert.match(attempt, /succeeded/);
    assert.match(attempt, /200/, 'the provider status');
    assert.match(await page.locator('#inference-usage [data-tile="input"]').innerText(), /[1-9]/);
    const bodies = await page.locator('#inference-bodies').innerText();
    assert.ok(/tracking\.capture_bodies/.test(bodies) || await page.locator('#request-body').count() === 1, bodies);
    await screenshot(page, 'inference-detail');

    // A failed call: its error in the gateway's words, and the attempts (none: refused before routing).
    const failed = mine.find((c) => !c.ok).requestId;
    await page.evaluate((id) => { location.hash = `#/inferences/${id}`; }, failed);
    await expectText(page.locator('#inference-status'), failureCode);
    await expectText(page.locator('#inference-facts'), /cannot be used|unavailable|api_key/i);
    await screenshot(page, 'inference-detail-failed');

    await page.locator('#back-to-list').click();
    await page.waitForFunction(() => location.hash === '#/inferences');
    expectNoProblems(page);
  });

  test('a call retried and moved on shows every attempt, with its error, and why it went there', async () => {
    const routed = mine.find((c) => c.group).requestId;
    const page = await openPage(browser(), `/ui/#/inferences/${routed}`, { key: ADMIN_KEY });
    await expectText(page.locator('#inference-status'), 'OK');
    await expectText(page.locator('#route-steps'),
      new RegExp(`asked for ${group}.*group ${group}.*served by simulator/sim-echo`, 's'));
    const rows = page.locator('#inference-attempts tbody tr');
    assert.equal(await rows.count(), 3);
    for (const index of [0, 1]) {
      const cell = (label) => rows.nth(index).locator(`td[data-label="${label}"]`).innerText();
      assert.equal(await cell('#'), String(index + 1));
      assert.equal(await cell('Target'), `${flaky}/sim-echo`);
      assert.equal(await cell('Outcome'), 'failed');
      assert.match(await cell('Error kind'), /unavailable/i);
      assert.match(await cell('Reason'), /503/);
      assert.equal(await cell('Provider status'), '503');
    }
    assert.equal(await rows.nth(2).locator('td[data-label="Outcome"]').innerText(), 'succeeded');
    const why = await page.locator('#route-why').innerText();
    assert.match(why, new RegExp(`First: ${flaky}/sim-echo, failed \\(\\w+: http_503\\)`, 'i'));
    assert.match(why, /Last: simulator\/sim-echo, succeeded/);
    assert.match(why, /retried the same target 1 time and moved on to another target 1 time/);
    await expectText(page.locator('#group-now'), new RegExp(`${group} orders its targets .* by priority`));
    await screenshot(page, 'inference-detail-retried');
    expectNoProblems(page);
  });

  test('a conversation\'s call links to its conversation; an instruction\'s names it with its version', async () => {
    const turn = traffic.calls.find((c) => c.kind === 'conversation').requestId;
    const page = await openPage(browser(), `/ui/#/inferences/${turn}`, { key: ADMIN_KEY });
    const link = page.locator('#inference-facts a', { hasText: traffic.conversationId });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `#/conversations/${traffic.conversationId}`);
    await expectText(page.locator('#route-why'), 'The request named no model: the conversation chose sim-echo.');
    assert.match(await page.locator('#inference-facts').innerText(), /Trace\s+trace [0-9a-f]{32}/);

    const rendered = traffic.calls.find((c) => c.kind === 'instruction').requestId;
    await page.evaluate((id) => { location.hash = `#/inferences/${id}`; }, rendered);
    await expectText(page.locator('#inference-facts'), new RegExp(`Instruction\\s+${traffic.instructionName} v1`));
    expectNoProblems(page);
  });

  test('an unknown id shows the API\'s NOT_FOUND in words', async () => {
    const unknown = `no-such-inference-${suffix}`;
    const page = await openPage(browser(), `/ui/#/inferences/${unknown}`, { key: ADMIN_KEY });
    await expectText(page.locator('h1'), 'No such inference');
    await expectText(page.locator('.error[role="alert"]'), `no inference with id '${unknown}'`);
    await screenshot(page, 'inference-not-found');
    expectNoProblems(page, { ignore: [PROVOKED_404] });
  });

  test('reads on a 390 px wide screen', async () => {
    const page = await openPage(browser(), `/ui/#/inferences?caller=${encodeURIComponent(traffic.caller)}`,
      { key: ADMIN_KEY, viewport: NARROW });
    await waitRows(page, idsWhere(() => true));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen (the table must scroll inside)`);
    await screenshot(page, 'inferences-390');
    const detail = mine.find((c) => c.ok).requestId;
    await page.evaluate((id) => { location.hash = `#/inferences/${id}`; }, detail);
    await expectText(page.locator('#inference-status'), 'OK');
    await screenshot(page, 'inference-detail-390');
    expectNoProblems(page);
  });
});
