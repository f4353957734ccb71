// The dashboard's shell: asks for a key, then shows one page at a time by the address's hash
// (#/inferences/<id>?model=...), so every view has an address to bookmark or share (without the key).

import { api, onKeyRefused } from './lib/api.js';
import { errorBox, h, replace } from './lib/dom.js';
import { forgetKey, keepKey, keyHint, storedKey } from './lib/session.js';

const PAGES = ['overview', 'inferences', 'routing', 'conversations', 'instructions', 'keys', 'playground'];
const main = document.getElementById('main');
const who = document.getElementById('who');
const forgetButton = document.getElementById('forget-key');

let current = null; // {controller, timers} of the page on show

/** The page, its arguments and query from the address: #/inferences/abc?model=x. */
function parseRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const [name, ...args] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: PAGES.includes(name) ? name : 'overview', args, query: new URLSearchParams(search) };
}

function stopCurrent() {
  if (!current) return;
  current.controller.abort();
  current.timers.forEach((timer) => clearInterval(timer));
  current.cleanups.forEach((cleanup) => cleanup());
  current = null;
}

/** What a page gets: where to draw, its route, and timers and requests that end when the page does. */
function pageContext(route) {
  const state = { controller: new AbortController(), timers: [], cleanups: [] };
  current = state;
  return {
    main,
    args: route.args,
    query: route.query,
    signal: state.controller.signal,
    /** Runs task every ms while the page shows and the tab is visible; a slow run is not overlapped. */
    every(ms, task) {
      let running = false;
      state.timers.push(setInterval(async () => {
        if (running || document.hidden || state.controller.signal.aborted) return;
        running = true;
        try {
          await task();
        } catch (error) {
          if (!state.controller.signal.aborted) console.warn('refresh failed', error);
        } finally {
          running = false;
        }
      }, ms));
    },
    /** Runs cleanup when the page is left. */
    onLeave(cleanup) {
      state.cleanups.push(cleanup);
    },
    /** Whether the page was left (its answers are then thrown away). */
    get left() {
      return state.controller.signal.aborted;
    },
  };
}

function markNav(name) {
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showWho() {
  const key = storedKey();
  who.textContent = key === null ? '' : keyHint(key);
  forgetButton.hidden = key === null;
}

async function show({ focus = false } = {}) {
  stopCurrent();
  showWho();
  if (storedKey() === null) {
    showAccess();
    return;
  }
  const route = parseRoute();
  markNav(route.name);
  document.title = `${route.name[0].toUpperCase()}${route.name.slice(1)} · llmg`;
  const ctx = pageContext(route);
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  try {
    const page = await import(`./pages/${route.name}.js`);
    if (ctx.left) return;
    await page.render(ctx);
  } catch (error) {
    if (ctx.left || error.name === 'AbortError') return;
    replace(main, h('h1', null, 'This page could not be shown'),
      error.status === 403 ? h('p', null, 'The key in use may not see this page. Sign in with another key '
        + '(an admin key for keys and tenants).') : null,
      errorBox(error));
  }
  if (focus) main.focus({ preventScroll: true });
}

/** The page that asks for a key; refusal is the API's error when a key was just refused. */
function showAccess(refusal) {
  markNav('');
  document.title = 'Sign in · llmg';
  const input = h('input', { id: 'key-input', name: 'key', type: 'password', autocomplete: 'off',
    spellcheck: 'false', required: true, placeholder: 'llmg-…' });
  const form = h('form', { id: 'key-form', class: 'stack', on: { submit: async (event) => {
    event.preventDefault();
    await tryKey(input.value.trim());
  } } },
  h('label', { for: 'key-input' }, 'API key'), input,
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary' }, 'Use this key'),
    h('button', { id: 'no-key', type: 'button', on: { click: () => tryKey('') } }, 'Continue without a key')));
  replace(main, h('section', { class: 'access narrow', 'aria-labelledby': 'access-title' },
    h('h1', { id: 'access-title' }, refusal ? 'The key was refused' : 'Sign in'),
    refusal ? errorBox(refusal) : null,
    h('p', null, 'The dashboard calls llmg\'s REST API (/api/v1) with your key and shows only what that key may '
      + 'see. The key stays in this tab\'s session storage and is forgotten when the tab closes.'),
    h('p', { class: 'muted' }, 'Without a key you see what an anonymous caller may: everything on a gateway that '
      + 'does not require keys (auth.required: false), nothing on one that does.'),
    form));
  input.focus();
}

/** Keeps key if the gateway takes it (a models listing answers), else shows why not. */
async function tryKey(key) {
  keepKey(key);
  try {
    await api('/api/v1/models');
  } catch (error) {
    forgetKey();
    showAccess(error);
    return;
  }
  await show({ focus: true });
}

onKeyRefused((error) => {
  forgetKey();
  stopCurrent();
  showWho();
  showAccess(error);
});

forgetButton.addEventListener('click', () => {
  forgetKey();
  show();
});

window.addEventListener('hashchange', () => show({ focus: true }));
show();
