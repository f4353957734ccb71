// The dashboard's overview in headless Chromium, against a gateway that has served a known mix of calls
// (hack/e2e/ui/traffic.mjs, in a tenant of its own): the charts hold one point per bucket of the range, the
// breakdown by caller counts exactly the calls made, and new calls appear without reloading the page.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... hack/e2e/run
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';
import { ensureTraffic } from './ui/traffic.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';
const CHARTS = ['requests', 'errors', 'latency', 'first-piece', 'tokens', 'cost', 'overhead', 'retries'];

/** Waits until every chart of the page holds points points. */
async function chartsHold(page, points) {
  await page.waitForFunction(({ names, count }) => names.every((name) => {
    const chart = document.querySelector(`[data-chart="${name}"]`);
    return chart && chart.dataset.points === String(count);
  }), { names: CHARTS, count: points });
}

async function chat(apiKey, text) {
  const response = await fetch(`${BASE_URL}/api/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ model: 'sim-echo', messages: [{ role: 'ROLE_USER', content: [{ text }] }] }),
  });
  assert.equal(response.status, 200, await response.text());
}

describe(`the overview at ${BASE_URL}/ui/`, { skip: NO_ADMIN_KEY }, () => {
  const browser = useBrowser();

  test('charts the last hour by minute, counts the calls made, and takes new ones live', async () => {
    const traffic = await ensureTraffic();
    const page = await openPage(browser(), '/ui/#/overview?range=hour&group_by=caller', { key: ADMIN_KEY });
    await chartsHold(page, 60);

    const row = page.locator(`#breakdown tr[data-id="${traffic.caller}"]`);
    const made = traffic.requestIds.length;
    await expectText(row.locator('td').nth(1), String(made));
    const drawn = await page.evaluate((caller) => {
      const { series } = document.querySelector('[data-chart="requests"]').chartData;
      const line = series.find((each) => each.label === caller);
      return line ? line.values.reduce((sum, value) => sum + value * 60, 0) : -1;
    }, traffic.caller);
    assert.equal(Math.round(drawn), made, 'the requests chart sums (per second × 60 s) to the calls made');
    await screenshot(page, 'overview-hour-by-caller');

    await chat(traffic.apiKey, 'one more');
    await chat(traffic.apiKey, 'and another');
    // The page refreshes itself every 5 s; the two calls show up once they are recorded, without a reload.
    await expectText(row.locator('td').nth(1), String(made + 2), { timeout: 20_000 });
    expectNoProblems(page);
  });

  test('the range and breakdown are chosen with the keyboard, and each range has its number of points', async () => {
    await ensureTraffic();
    const page = await openPage(browser(), '/ui/#/overview', { key: ADMIN_KEY });
    await chartsHold(page, 60);
    await page.locator('#range').focus();
    await page.keyboard.press('ArrowDown'); // Last day
    await chartsHold(page, 24);
    assert.match(page.url(), /range=day/);
    await page.locator('#range').selectOption('week');
    await chartsHold(page, 168);
    await page.locator('#group-by').selectOption('model');
    await page.waitForFunction(() => Number(document.querySelector('[data-chart="requests"]')?.dataset.series) >= 2);
    await expectText(page.locator('#breakdown'), 'sim-echo');
    await expectText(page.locator('[data-tile="requests"]'), /\d/);
    await screenshot(page, 'overview-week-by-model');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'overview-narrow');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page fits a 390 px screen (it overflows by ${overflow} px)`);
    expectNoProblems(page);
  });
});
