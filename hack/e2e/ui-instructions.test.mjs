// The dashboard's instructions page in headless Chromium, against a running gateway: an instruction made through
// the REST API with two versions and a label is listed with its label and newest version, opens with its versions,
// labels and contents, and the diff of v1 against v2 marks exactly the lines that changed.
//
//   LLMG_HTTP_URL=http://127.0.0.1:8080 [LLMG_E2E_ADMIN_KEY=llmg-...] node --test hack/e2e/ui-instructions.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE_URL, expectNoProblems, expectText, openPage, screenshot, useBrowser } from './ui/browser.mjs';

const KEY = process.env.LLMG_E2E_ADMIN_KEY ?? '';
const SUFFIX = randomBytes(4).toString('hex');
const NAME = `e2e-greet-${SUFFIX}`;

async function addVersion(version, labels = []) {
  const headers = { 'content-type': 'application/json' };
  if (KEY) headers.authorization = `Bearer ${KEY}`;
  const query = labels.map((label) => `labels=${encodeURIComponent(label)}`).join('&');
  const response = await fetch(`${BASE_URL}/api/v1/instructions/${NAME}/versions${query ? `?${query}` : ''}`,
    { method: 'POST', headers, body: JSON.stringify(version) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

/** The diff's lines as the page shows them: [op, text] with op 'same', 'add' or 'del'. */
async function diffShown(page) {
  return page.locator('#diff-lines > div').evaluateAll((nodes) => nodes.map((node) =>
    [node.dataset.op, node.textContent]));
}

describe(`the instructions page at ${BASE_URL}/ui`, () => {
  const browser = useBrowser();

  test('lists an instruction with its label, opens its versions and diffs v1 against v2', async () => {
    await addVersion({ description: 'first cut', model: 'sim-echo', temperature: 0.2,
      messages: [{ role: 'ROLE_SYSTEM', template: 'You greet {{name}}.\nBe brief.\nSign as llmg.' }] });
    await addVersion({ description: 'warmer', model: 'sim-echo', temperature: 0.7,
      messages: [{ role: 'ROLE_SYSTEM', template: 'You greet {{name}}.\nBe warm and brief.\nSign as llmg.' },
        { role: 'ROLE_USER', template: 'Hello from {{place}}.' }] }, ['production']);

    const page = await openPage(browser(), '/ui/#/instructions', { key: KEY });
    await page.locator('#instr-filter').fill(NAME);
    const row = page.locator(`#main tbody tr[data-id$="/${NAME}"]`);
    await row.waitFor();
    assert.equal(await page.locator('#main tbody tr[data-id]').count(), 1, 'the filter leaves this run\'s only');
    await expectText(row, 'production → v2');
    await expectText(row, 'v2');
    await expectText(row, 'database');
    await screenshot(page, 'instructions-list');

    await row.focus();
    await page.keyboard.press('Enter');
    await expectText(page.locator('#instr-title'), NAME);
    // Versions newest first, each with its labels; the label table points production at v2.
    const versions = page.locator('section[aria-labelledby="instr-versions-title"] tbody tr[data-id]');
    await versions.first().waitFor();
    assert.deepEqual(await versions.evaluateAll((trs) => trs.map((tr) => tr.dataset.id)), ['2', '1']);
    await expectText(versions.first(), 'production');
    await expectText(versions.first(), 'warmer');
    await expectText(page.locator('section[aria-labelledby="instr-labels-title"] tr[data-id="production"]'), 'v2');
    // The newest version is shown: its templates, model and parameters.
    const view = page.locator('#version-view');
    await expectText(view, 'Version 2 (production)');
    await expectText(view, 'Hello from {{place}}.');
    await expectText(view, 'temperature 0.7');
    await expectText(view, 'name, place');

    // The diff from v1 to v2 by default: changed lines marked, with +/- and not by colour alone.
    await expectText(page.locator('#diff-title'), 'Changes from v1 to v2');
    const lines = await diffShown(page);
    const added = lines.filter(([op]) => op === 'add').map(([, text]) => text);
    const removed = lines.filter(([op]) => op === 'del').map(([, text]) => text);
    assert.deepEqual(removed, ['- description: first cut', '- temperature: 0.2', '- variables: name',
      '-   Be brief.']);
    assert.deepEqual(added, ['+ description: warmer', '+ temperature: 0.7', '+ variables: name, place',
      '+   Be warm and brief.', '+ ', '+ message 2 (user):', '+   Hello from {{place}}.']);
    assert.ok(lines.some(([op, text]) => op === 'same' && text === '    You greet {{name}}.'), JSON.stringify(lines));
    assert.equal(await page.locator('#diff-lines .diff-add').count(), added.length);
    assert.equal(await page.locator('#diff-lines .diff-del').count(), removed.length);
    await expectText(page.locator('#diff-summary'), '7 lines added (+), 4 removed');
    await screenshot(page, 'instruction-detail');

    // Choosing A and B: v2 against v1 turns the additions into removals.
    await page.locator('#diff-a').selectOption('2');
    await page.locator('#diff-b').selectOption('1');
    await page.locator('#diff-show').click();
    await expectText(page.locator('#diff-title'), 'Changes from v2 to v1');
    const reversed = await diffShown(page);
    assert.deepEqual(reversed.filter(([op]) => op === 'del').map(([, text]) => text.slice(1)),
      added.map((text) => text.slice(1)));
    // Opening v1 from the versions table keeps the chosen diff.
    await page.locator('section[aria-labelledby="instr-versions-title"] tbody tr[data-id="1"] a').click();
    await expectText(page.locator('#version-view'), 'Version 1');
    await expectText(page.locator('#version-view'), 'first cut');
    await expectText(page.locator('#diff-title'), 'Changes from v2 to v1');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'instruction-detail-390');
    expectNoProblems(page);
  });
});
