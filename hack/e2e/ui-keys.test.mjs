// The dashboard's keys and tenants page in headless Chromium, against a running gateway and its admin key: a
// tenant, team, group and endpoint are made in the page, a key is issued there and read from the page (shown
// once, copied), works for a real chat call, shows its usage and the limits in force, is revoked in the page and
// then refused (401 revoked_api_key), and the dashboard opened with it says the key was refused; another key is
// rotated in the page, and a key that is not an admin's sees the page that says an admin key is needed.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 LLMG_E2E_ADMIN_KEY=llmg-... node --test hack/e2e/ui-keys.test.mjs
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';

const ADMIN_KEY = process.env.LLMG_E2E_ADMIN_KEY;
const NO_ADMIN_KEY = ADMIN_KEY ? false : 'needs LLMG_E2E_ADMIN_KEY (hack/test passes the gateway\'s admin key)';
const SUFFIX = randomBytes(4).toString('hex');
const TENANT = `e2e-keys-${SUFFIX}`;
const ENDPOINT = `${TENANT}/search/api/web`;
/** The console error Chromium logs for an answer of 401 or 403, which these tests provoke on purpose. */
const REFUSED = /Failed to load resource: the server responded with a status of 40[13]/;

async function chat(key) {
  const response = await fetch(`${BASE_URL}/v1/chat/completions`, { method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'sim-echo', messages: [{ role: 'user', content: `hello ${SUFFIX}` }] }) });
  return { status: response.status, body: await response.json() };
}

async function admin(method, path, body) {
  const response = await fetch(`${BASE_URL}${path}`, { method, body: body && JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` } });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${path}: ${text}`);
  return JSON.parse(text);
}

/** Makes a level with the page's form: the kind, the level it goes inside (when any), its name and settings. */
async function makeLevel(page, kind, parent, name, { upstream, rpm } = {}) {
  await page.locator('#new-level-kind').selectOption(kind);
  if (parent) await page.locator('#new-level-parent').selectOption(parent);
  await page.locator('#new-level-name').fill(name);
  await page.locator('#new-level-upstream').fill(upstream ?? '');
  await page.locator('#new-level-rpm').fill(rpm ?? '');
  await page.locator('#new-level-submit').click();
  const path = parent ? `${parent}/${name}` : name;
  await page.locator(`#levels-table tr[data-id="${path}"]`).waitFor();
  await expectText(page.locator('#level-notice'), `${path} was created`);
}

/** Polls FN (async, returning a value or null) until it returns something, for at most ms. */
async function eventually(fn, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`the keys page at ${BASE_URL}/ui`, () => {
  const browser = useBrowser();
  /** The tenants this run made, deleted (with everything under them) when it ends. */
  const tenants = [];
  after(async () => {
    for (const tenant of tenants) {
      await fetch(`${BASE_URL}/api/v1/admin/levels/${tenant}`, { method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    }
  });

  test('makes levels and a key, which works until it is revoked in the page', { skip: NO_ADMIN_KEY }, async () => {
    const page = await openPage(browser(), '/ui/#/keys', { key: ADMIN_KEY });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE_URL });
    await page.locator('#new-level-form').waitFor();
    tenants.push(TENANT);
    await makeLevel(page, 'LEVEL_KIND_TENANT', null, TENANT);
    await makeLevel(page, 'LEVEL_KIND_TEAM', TENANT, 'search');
    await makeLevel(page, 'LEVEL_KIND_GROUP', `${TENANT}/search`, 'api', { rpm: '600' });
    await makeLevel(page, 'LEVEL_KIND_ENDPOINT', `${TENANT}/search/api`, 'web', { upstream: 'sim-echo', rpm: '60' });
    const endpointRow = page.locator(`#levels-table tr[data-id="${ENDPOINT}"]`);
    await expectText(endpointRow, 'sim-echo');
    await expectText(endpointRow, '60 req/min');
    await expectText(endpointRow, 'database');

    // A key for the endpoint, from its row's button: shown once, with a warning and a copy button.
    await endpointRow.getByRole('button', { name: 'New key' }).click();
    assert.equal(await page.locator('#new-key-endpoint').inputValue(), ENDPOINT);
    await page.locator('#new-key-name').fill(`web ${SUFFIX}`);
    await page.locator('#new-key-submit').click();
    const secret = page.locator('#key-secret .secret');
    await secret.waitFor();
    const key = (await secret.innerText()).trim();
    assert.match(key, /^llmg-[A-Za-z0-9_-]{43}$/);
    await expectText(page.locator('#key-secret'), 'will not be shown again');
    await page.locator('#copy-key').click();
    await expectText(page.locator('#copy-status'), 'copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
    const { apiKey } = await admin('GET', `/api/v1/admin/keys?under=${ENDPOINT}`).then((answer) =>
      ({ apiKey: answer.apiKeys.find((item) => item.name === `web ${SUFFIX}`) }));
    assert.ok(apiKey, 'the key is listed by the API');
    const keyRow = page.locator(`#keys-table tr[data-id="${apiKey.id}"]`);
    await expectText(keyRow, apiKey.hint);
    await expectText(keyRow, 'active');
    await expectText(keyRow, '60 req/min (endpoint web)');
    await expectText(keyRow, '600 req/min (group api)');
    await screenshot(page, 'keys-created');

    // The key works, and its call shows in its usage of the last 24 hours once recorded.
    const ok = await chat(key);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    await eventually(async () => {
      await page.locator('#keys-refresh').click();
      const cells = await keyRow.locator('td').allInnerTexts();
      return cells.includes('1') ? cells : null;
    });

    // Revoked in the page, after its confirm step; then refused.
    await keyRow.getByRole('button', { name: /^Revoke/ }).click();
    await expectText(page.locator('#key-action'), `Revoke key "web ${SUFFIX}"`);
    await page.locator('#confirm-revoke').click();
    await expectText(page.locator('#revoked-notice'), 'was revoked');
    await page.locator(`#keys-table tr[data-id="${apiKey.id}"]`).waitFor({ state: 'detached' });
    await page.locator('#keys-inactive').check();
    await expectText(page.locator(`#keys-table tr[data-id="${apiKey.id}"]`), 'revoked');
    await screenshot(page, 'keys-revoked');
    const refused = await chat(key);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'revoked_api_key');
    expectNoProblems(page);

    // The dashboard opened with the revoked key says it was refused (at its first API call).
    const revoked = await openPage(browser(), '/ui/#/conversations', { key });
    await expectText(revoked.locator('#access-title'), 'The key was refused');
    await expectText(revoked.locator('#main .error'), 'revoked');
    await screenshot(revoked, 'keys-refused-key');
    expectNoProblems(revoked, { ignore: [REFUSED] });
  });

  test('rotates a key in the page, and a key that is no admin\'s sees that the page needs one',
    { skip: NO_ADMIN_KEY }, async () => {
      const tenant = `e2e-rot-${SUFFIX}`;
      tenants.push(tenant);
      await admin('POST', '/api/v1/admin/levels', { kind: 'LEVEL_KIND_TENANT', path: tenant });
      await admin('POST', '/api/v1/admin/levels', { kind: 'LEVEL_KIND_TEAM', path: `${tenant}/t` });
      await admin('POST', '/api/v1/admin/levels', { kind: 'LEVEL_KIND_GROUP', path: `${tenant}/t/g` });
      await admin('POST', '/api/v1/admin/levels', { kind: 'LEVEL_KIND_ENDPOINT', path: `${tenant}/t/g/e`,
        upstream: 'sim-echo' });
      const made = await admin('POST', '/api/v1/admin/keys', { endpoint: `${tenant}/t/g/e`, name: 'to rotate' });

      const page = await openPage(browser(), '/ui/#/keys', { key: ADMIN_KEY, viewport: { width: 390, height: 844 } });
      const row = page.locator(`#keys-table tr[data-id="${made.apiKey.id}"]`);
      await row.getByRole('button', { name: /^Rotate/ }).click();
      await page.locator('#rotate-grace').selectOption('');
      await page.locator('#confirm-rotate').click();
      const secret = page.locator('#key-secret .secret');
      await secret.waitFor();
      const rotated = (await secret.innerText()).trim();
      assert.match(rotated, /^llmg-[A-Za-z0-9_-]{43}$/);
      assert.notEqual(rotated, made.key);
      await expectText(page.locator('#key-secret'), 'was revoked at once');
      await screenshot(page, 'keys-rotated-390');
      expectNoProblems(page);
      assert.equal((await chat(rotated)).status, 200);
      assert.equal((await chat(made.key)).body.error.code, 'revoked_api_key');

      const other = await openPage(browser(), '/ui/#/keys', { key: rotated });
      await expectText(other.locator('#needs-admin-title'), 'This page needs an admin key');
      await expectText(other.locator('#needs-admin .error'), 'admin_key_required');
      await screenshot(other, 'keys-needs-admin');
      expectNoProblems(other, { ignore: [REFUSED] });
    });
});
