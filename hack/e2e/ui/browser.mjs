// What every test of the dashboard uses to drive a real headless Chromium (Debian's, never a downloaded one)
// with playwright-core: starting it, opening a page of the gateway logged in or not, collecting what went
// wrong on the page, and keeping a screenshot of it.
//
//   import { useBrowser, openPage, expectNoProblems, screenshot } from './ui/browser.mjs';
//   const browser = useBrowser();            // at the top of a test file (or a describe): one per file
//   test('...', async () => {
//     const page = await openPage(browser(), '/ui/', { key: process.env.LLMG_E2E_ADMIN_KEY });
//     ...
//     await screenshot(page, 'overview');
//     expectNoProblems(page);
//   });
//
// Env: LLMG_HTTP_URL (or LLMG_GRPC_ADDR) the gateway; LLMG_CHROMIUM (default /usr/bin/chromium);
// LLMG_UI_SCREENSHOTS where screenshots go (none are taken when unset).
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** The gateway's base URL, without a trailing slash. */
export const BASE_URL = (process.env.LLMG_HTTP_URL ?? `http://${process.env.LLMG_GRPC_ADDR}`).replace(/\/+$/, '');

/** Where the dashboard keeps the caller's key: sessionStorage, under this name. */
export const KEY_STORAGE_NAME = 'llmg.key';

/** How long any one Playwright action or wait may take before the test fails, in ms. */
export const ACTION_TIMEOUT_MS = Number(process.env.LLMG_E2E_DEADLINE_MS ?? 10_000);

/**
 * Chromium's flags on a machine without Internet: without the background-networking ones, Chromium's own
 * connections (updates, sync, field trials) are refused by the closed network, many at a time. Playwright
 * adds a fresh temporary profile (--user-data-dir) of its own and removes it on close.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Starts headless Chromium; the caller closes it (useBrowser does). */
export async function launchBrowser() {
  const executablePath = process.env.LLMG_CHROMIUM || '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 30_000 });
  } catch (error) {
    throw new Error(`could not start Chromium at ${executablePath} (hack/test installs Debian's chromium with `
      + `ensure_chromium; set LLMG_CHROMIUM to use another): ${error.message}`, { cause: error });
  }
}

/**
 * One browser for the tests of a file (or of a describe block): started before the first test, closed after
 * the last one even when tests fail. Returns a function that gives the browser.
 */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    assert.ok(browser, 'the browser is not started: call useBrowser() at the top of the file or describe');
    return browser;
  };
}

/**
 * Opens PATH of the gateway (e.g. '/ui/') in a new browser context (its own cookies and storage) and waits
 * for its load event (`waitUntil`: 'load', 'domcontentloaded', 'networkidle' or 'commit').
 * With `key`, the page finds it in sessionStorage under KEY_STORAGE_NAME before any of its scripts runs (set
 * again on every navigation of that context, so a page that logs out and navigates finds it again).
 * The page's `llmgProblems` (an array of strings) collects, from the start, every console error (Chromium
 * logs one for each response of 400 or more), uncaught exception, failed request, HTTP response of 500 or
 * more and request to another origin (refused at once); check it with expectNoProblems.
 * `viewport` defaults to 1280x800. The context is closed with the browser, or by `page.context().close()`.
 */
export async function openPage(browser, pagePath, { key, viewport = { width: 1280, height: 800 },
  waitUntil = 'load' } = {}) {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const origin = new URL(BASE_URL).origin;
  if (key !== undefined) {
    await context.addInitScript(({ name, value, gatewayOrigin }) => {
      if (location.origin !== gatewayOrigin) return; // about:blank and other origins have no say in it
      sessionStorage.setItem(name, value);
    }, { name: KEY_STORAGE_NAME, value: key, gatewayOrigin: origin });
  }
  const page = await context.newPage();
  page.llmgProblems = await recordProblems(page, origin);
  await page.goto(`${BASE_URL}${pagePath}`, { waitUntil });
  return page;
}

/**
 * Starts collecting what went wrong on PAGE, as readable lines; returns the array it fills. A request to
 * another origin than the gateway's (ORIGIN) is refused at once and is a problem: the dashboard is served
 * whole by the gateway and works offline, as the gateway does. Chromium's own request for /favicon.ico
 * (made when a page names no icon) is not the page's doing, so its 404 is not a problem.
 */
async function recordProblems(page, origin) {
  const problems = [];
  const external = (url) => /^https?:/.test(url) && new URL(url).origin !== origin;
  await page.route((url) => url.origin !== origin && /^https?:$/.test(url.protocol), async (route) => {
    problems.push(`request outside the gateway: ${route.request().method()} ${route.request().url()}`);
    await route.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    if (url && (external(url) || url === `${origin}/favicon.ico`)) return; // recorded above, or Chromium's
    problems.push(`console error: ${message.text()}${url ? ` (${url}:${lineNumber + 1})` : ''}`);
  });
  page.on('pageerror', (error) => {
    problems.push(`uncaught exception: ${error.stack ?? error.message}`);
  });
  page.on('requestfailed', (request) => {
    if (external(request.url())) return; // recorded by the route above
    problems.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`HTTP ${response.status()} ${response.statusText()}: `
        + `${response.request().method()} ${response.url()}`);
    }
  });
  return problems;
}

/**
 * Asserts that nothing went wrong on PAGE since it was opened (see openPage), listing what did.
 * `ignore`: patterns (RegExp or substring) of problems a test expects, e.g. the console error Chromium logs
 * for a 401 the test provoked on purpose.
 */
export function expectNoProblems(page, { ignore = [] } = {}) {
  assert.ok(Array.isArray(page.llmgProblems), 'the page was not opened with openPage');
  const expected = (problem) => ignore.some((pattern) =>
    pattern instanceof RegExp ? pattern.test(problem) : problem.includes(pattern));
  const problems = page.llmgProblems.filter((problem) => !expected(problem));
  assert.equal(problems.length, 0,
    `${problems.length} problem(s) on ${page.url()}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/**
 * Waits until the text of LOCATOR (e.g. page.locator('h1')) contains EXPECTED (a string) or matches it (a
 * RegExp), then returns that text; fails after `timeout` ms with the text last seen. playwright-core has no
 * expect() of its own (that is @playwright/test's).
 */
export async function expectText(locator, expected, { timeout = ACTION_TIMEOUT_MS } = {}) {
  const matches = (text) => (expected instanceof RegExp ? expected.test(text) : text.includes(expected));
  const deadline = Date.now() + timeout;
  let text = '';
  for (;;) {
    text = await locator.innerText({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => text);
    if (matches(text)) return text;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`${locator} never showed ${expected} within ${timeout} ms; its text was: ${JSON.stringify(text)}`);
}

/**
 * Writes a full-page screenshot of PAGE to $LLMG_UI_SCREENSHOTS/NAME.png (NAME may hold letters, digits, '.',
 * '_' and '-'; anything else becomes '-') and returns its path, or returns null when LLMG_UI_SCREENSHOTS is
 * not set.
 */
export async function screenshot(page, name) {
  const dir = process.env.LLMG_UI_SCREENSHOTS;
  if (!dir) return null;
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${String(name).replace(/[^A-Za-z0-9._-]/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
