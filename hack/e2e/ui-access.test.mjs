// Access to the dashboard in headless Chromium: it asks for a key, keeps it in session storage only, goes on
// without one on a gateway that does not require keys, and shows a clear page when a key is refused.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... hack/e2e/run
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';
import { makeTenant } from './ui/traffic.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';
const REFUSED = /Failed to load resource: the server responded with a status of 401/;

describe(`signing in to ${BASE_URL}/ui/`, () => {
  const browser = useBrowser();

  test('asks for a key first, takes a typed one, keeps it only in session storage, and forgets it', async () => {
    const page = await openPage(browser(), '/ui/');
    await expectText(page.locator('h1'), 'Sign in');
    await screenshot(page, 'access-sign-in');
    await page.locator('#key-input').fill(ADMIN_KEY || 'llmg-anything');
    await page.keyboard.press('Enter');
    await expectText(page.locator('h1'), 'Overview');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmg.key')), ADMIN_KEY || 'llmg-anything');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing is kept in local storage');
    assert.equal(await page.evaluate(() => document.cookie), '', 'nor in a cookie');
    assert.doesNotMatch(page.url(), /llmg-/, 'nor in the address');
    await page.locator('#forget-key').click();
    await expectText(page.locator('h1'), 'Sign in');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmg.key')), null);
    expectNoProblems(page);
  });

  test('goes on without a key where keys are not required, and every page loads', async () => {
    const page = await openPage(browser(), '/ui/');
    await page.locator('#no-key').click();
    await expectText(page.locator('h1'), 'Overview');
    for (const name of ['inferences', 'routing', 'conversations', 'instructions', 'playground', 'overview']) {
      await page.locator(`#nav a[href="#/${name}"]`).click();
      await page.waitForFunction((hash) => location.hash === hash
        && document.querySelector('#nav [aria-current="page"]')?.getAttribute('href') === hash, `#/${name}`);
      await expectText(page.locator('main h1'), /\S/);
    }
    expectNoProblems(page);
  });

  test('a refused key gets a page that says why, and can be replaced', { skip: NO_ADMIN_KEY }, async () => {
    const tenant = await makeTenant(BASE_URL, ADMIN_KEY, `e2e-access-${randomBytes(4).toString('hex')}`);
    const revoke = await fetch(`${BASE_URL}/api/v1/admin/keys/${tenant.keyId}:revoke`, { method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(revoke.status, 200, await revoke.text());

    const page = await openPage(browser(), '/ui/#/inferences');
    await page.locator('#key-input').fill(tenant.apiKey);
    await page.locator('#key-form button[type="submit"]').click();
    await expectText(page.locator('h1'), 'The key was refused');
    await expectText(page.locator('[role="alert"]'), 'revoked_api_key');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('llmg.key')), null, 'a refused key is not kept');
    await screenshot(page, 'access-refused');

    await page.locator('#key-input').fill(ADMIN_KEY);
    await page.keyboard.press('Enter');
    await expectText(page.locator('main h1'), /inferences/i);
    expectNoProblems(page, { ignore: [REFUSED] });
  });
});
