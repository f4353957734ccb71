// The dashboard tests' own infrastructure, checked against a running gateway: headless Chromium started by
// hack/e2e/ui/browser.mjs renders a page of the gateway without a problem and keeps its screenshot, and the
// traffic of hack/e2e/ui/traffic.mjs is recorded exactly as made (GET /api/v1/usage counts it).
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';
import { ensureTraffic } from './ui/traffic.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';

describe(`headless Chromium against ${BASE_URL}`, () => {
  const browser = useBrowser();

  test('renders the API docs without a console error, failed request or 5xx, and keeps a screenshot', async () => {
    const page = await openPage(browser(), '/docs/');
    assert.match(await page.title(), /\S/, 'the docs page has a title');
    const shot = await screenshot(page, 'infrastructure-docs');
    if (shot) assert.ok((await stat(shot)).size > 1000, `${shot} holds an image`);
    // Armeria's DocService asks Google for its fonts (and falls back to the system's): the one known
    // request outside the gateway, which the dashboard's pages must not make.
    const fonts = /request outside the gateway: GET https:\/\/fonts\.googleapis\.com\//;
    expectNoProblems(page, { ignore: [fonts] });
  });

  test('puts the key in sessionStorage before the page runs, and records what goes wrong', async () => {
    const page = await openPage(browser(), '/healthz', { key: 'llmg-not-a-real-key' });
    await expectText(page.locator('body'), '"healthy":true');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmg.key')), 'llmg-not-a-real-key');

    await page.evaluate(() => {
      console.error('a console error on purpose');
      setTimeout(() => { throw new Error('an uncaught error on purpose'); });
    });
    await page.waitForEvent('pageerror');
    assert.throws(() => expectNoProblems(page), /2 problem\(s\)[\s\S]*on purpose[\s\S]*on purpose/);
    expectNoProblems(page, { ignore: [/on purpose/] });
  });
});

describe(`traffic for the dashboard at ${BASE_URL}`, () => {
  test('every call is recorded, and GET /api/v1/usage counts its requests and errors', { skip: NO_ADMIN_KEY },
    async () => {
      const traffic = await ensureTraffic();
      assert.equal(traffic.requestIds.length, traffic.okCount + traffic.errorCount);
      assert.ok(traffic.okCount >= 8 && traffic.errorCount >= 4, JSON.stringify(traffic.calls));
      assert.match(traffic.caller, /^key:/);
      assert.deepEqual(traffic.models, ['gpt-4.1-mini', 'gpt-4o-mini', 'sim-echo', 'sim-fast']);
      assert.ok(traffic.calls.some((call) => call.streamed && call.ok), 'some calls were streamed');
      assert.equal(await ensureTraffic(), traffic, 'the traffic is made once per process');

      const query = new URLSearchParams({ caller: traffic.caller, start_time: traffic.startTime,
        end_time: traffic.endTime });
      const response = await fetch(`${BASE_URL}/api/v1/usage?${query}`,
        { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      assert.equal(response.status, 200, await response.clone().text());
      const { rows } = await response.json();
      assert.equal(rows.length, 1, JSON.stringify(rows));
      assert.equal(Number(rows[0].requests), traffic.requestIds.length);
      assert.equal(Number(rows[0].errors ?? 0), traffic.errorCount);
    });
});
