// The dashboard's conversations page in headless Chromium, against a running gateway: conversations made through
// the REST API (a conversation of two turns, two older ones of the same end user) are listed newest first a page
// at a time, one opens with its facts and both turns, and after a regenerate the superseded answer shows only
// when asked for.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 [LLMG_E2E_ADMIN_KEY=llmg-...] node --test hack/e2e/ui-conversations.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';

// With an admin key (hack/test passes one) the page shows every caller's conversations; without, the gateway
// must be keyless (config/config.yaml) and the page sees the anonymous caller's.
const KEY = process.env.LLMG_E2E_ADMIN_KEY ?? '';
const SUFFIX = randomBytes(4).toString('hex');
const END_USER = `e2e-user-${SUFFIX}`;

async function call(method, path, body) {
  const headers = { 'content-type': 'application/json' };
  if (KEY) headers.authorization = `Bearer ${KEY}`;
  const response = await fetch(`${BASE_URL}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  assert.equal(response.status, 200, `${method} ${path}: ${text}`);
  return JSON.parse(text);
}

async function createConversation(title) {
  const { conversation } = await call('POST', '/api/v1/conversations', { title, model: 'sim-echo',
    endUserId: END_USER, systemPrompt: 'Answer in one line.', metadata: { run: SUFFIX } });
  return conversation.id;
}

async function turn(id, text) {
  const headers = { 'content-type': 'application/json', 'x-llmg-conversation-id': id };
  if (KEY) headers.authorization = `Bearer ${KEY}`;
  const response = await fetch(`${BASE_URL}/v1/chat/completions`, { method: 'POST', headers,
    body: JSON.stringify({ model: 'sim-echo', messages: [{ role: 'user', content: text }] }) });
  assert.equal(response.status, 200, await response.text());
}

/** The messages the history shows: [{turn, role, version, superseded, text}]. */
async function shownMessages(page) {
  return page.locator('#history article.message').evaluateAll((nodes) => nodes.map((node) => ({
    turn: Number(node.dataset.turn), role: node.dataset.role, version: Number(node.dataset.version),
    superseded: node.dataset.superseded === 'true', text: node.querySelector('.content').textContent })));
}

describe(`the conversations page at ${BASE_URL}/ui`, () => {
  const browser = useBrowser();

  test('lists conversations a page at a time, opens one with both turns, and shows superseded answers on demand',
    async () => {
      const older = [await createConversation(`e2e older A ${SUFFIX}`),
        await createConversation(`e2e older B ${SUFFIX}`)];
      const title = `e2e trip ${SUFFIX}`;
      const id = await createConversation(title);
      const first = `first question ${SUFFIX}`;
      const second = `second question ${SUFFIX}`;
      await turn(id, first);
      await turn(id, second);

      // Newest first, two a page: this run's conversation then the second older one; the oldest on page 2.
      const page = await openPage(browser(), `/ui/#/conversations?end_user=${END_USER}&size=2`, { key: KEY });
      const rows = page.locator('#main tbody tr[data-id]');
      await rows.first().waitFor();
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), [id, older[1]]);
      await expectText(page.locator(`tr[data-id="${id}"]`), title);
      await expectText(page.locator(`tr[data-id="${id}"]`), 'sim-echo');
      assert.equal(await page.locator('#conv-prev').isDisabled(), true);
      await expectText(page.locator('#conv-page-number'), 'Page 1');
      await screenshot(page, 'conversations-list');

      await page.locator('#conv-next').click();
      await page.locator(`tr[data-id="${older[0]}"]`).waitFor();
      assert.equal(await rows.count(), 1);
      await expectText(page.locator('#conv-page-number'), 'Page 2');
      assert.equal(await page.locator('#conv-next').isDisabled(), true);
      await page.locator('#conv-prev').click();
      await page.locator(`tr[data-id="${id}"]`).waitFor();
      assert.equal(await rows.count(), 2);

      // Keyboard: the row opens with Enter.
      await page.locator(`tr[data-id="${id}"]`).focus();
      await page.keyboard.press('Enter');
      await expectText(page.locator('#conv-title'), title);
      const facts = page.locator('#conv-facts');
      await expectText(facts, 'sim-echo');
      await expectText(facts, END_USER);
      await expectText(facts, `run=${SUFFIX}`);
      await expectText(facts, 'Answer in one line.');
      await page.locator('#turn-2').waitFor();
      assert.deepEqual(await shownMessages(page), [
        { turn: 1, role: 'user', version: 0, superseded: false, text: first },
        { turn: 1, role: 'assistant', version: 1, superseded: false, text: first },
        { turn: 2, role: 'user', version: 0, superseded: false, text: second },
        { turn: 2, role: 'assistant', version: 1, superseded: false, text: second },
      ]);
      await screenshot(page, 'conversation-detail');

      // A regenerate replaces turn 2's answer: the page shows the new version, the old one only when asked.
      await call('POST', `/api/v1/conversations/${id}:regenerate`, {});
      await page.reload();
      await page.locator('#turn-2').waitFor();
      const latest = await shownMessages(page);
      assert.equal(latest.length, 4);
      assert.deepEqual(latest[3], { turn: 2, role: 'assistant', version: 2, superseded: false, text: second });
      await page.locator('#show-superseded').check();
      await page.locator('#history article[data-superseded="true"]').waitFor();
      const all = await shownMessages(page);
      assert.equal(all.length, 5);
      assert.deepEqual(all.slice(3), [
        { turn: 2, role: 'assistant', version: 1, superseded: true, text: second },
        { turn: 2, role: 'assistant', version: 2, superseded: false, text: second },
      ]);
      assert.match(page.url(), /superseded=1/);
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'conversation-detail-390');
      await page.locator('#show-superseded').uncheck();
      await page.waitForFunction(() => document.querySelectorAll('#history article.message').length === 4);
      expectNoProblems(page);
    });
});
