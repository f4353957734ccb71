// The dashboard's routing page in headless Chromium: every target with its breaker, requests in flight, latency
// and error rate, refreshed live; and the model groups and rules in force.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';
import { ensureTraffic } from './ui/traffic.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';

describe(`the routing page at ${BASE_URL}/ui/`, { skip: NO_ADMIN_KEY }, () => {
  const browser = useBrowser();

  test('lists every target live, and the groups and rules of the configuration', async () => {
    await ensureTraffic();
    const page = await openPage(browser(), '/ui/#/routing', { key: ADMIN_KEY });
    const simulator = page.locator('#targets tr[data-id="simulator/sim-echo"]');
    await expectText(simulator, 'yes');
    await expectText(simulator, 'closed');
    await expectText(simulator, /sim-echo, sim-fast/);
    await expectText(page.locator('#targets tr[data-id="openai/gpt-4o-mini"]'), 'OPENAI_API_KEY');

    const before = await page.locator('#targets-updated').textContent();
    await page.waitForFunction((text) => document.querySelector('#targets-updated').textContent !== text, before,
      { timeout: 10_000 });

    await expectText(page.locator('#configuration tr[data-id="sim-balanced"]'), 'round robin');
    await expectText(page.locator('#configuration tr[data-id="sim-balanced"]'), 'sim-echo');
    const rules = page.locator('#rules tbody tr');
    assert.ok(await rules.count() >= 1, 'the demo configuration has a rule');
    await expectText(page.locator('#rules'), 'sim-balanced');
    await screenshot(page, 'routing');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'routing-narrow');
    expectNoProblems(page);
  });
});
