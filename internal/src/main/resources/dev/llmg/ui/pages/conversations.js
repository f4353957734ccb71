// The conversations page: the caller's conversations, newest first, a page at a time (#/conversations), and one
// conversation's facts and stored history (#/conversations/<id>), with the answers a regenerate replaced on demand.
// The API pages by opaque next-page tokens only, so "previous" walks back through the tokens seen, which the
// address keeps (?page=<token>&back=<token>...) so that a reload or the browser's Back lands on the same page.

import { api } from '../lib/api.js';
import { facts, field, h, replace, table } from '../lib/dom.js';
import { enumWord, formatCount, formatPairs, formatTime, prettyJson } from '../lib/format.js';

const PAGE_SIZES = ['20', '50', '100'];
const MESSAGE_PAGE = 500;
const MAX_MESSAGE_PAGES = 20;

/** Draws the page into ctx.main. */
export async function render(ctx) {
  if (ctx.args.length > 0) await renderConversation(ctx, ctx.args[0]);
  else await renderList(ctx);
}

function listAddress(query) {
  const text = query.toString();
  return `#/conversations${text ? `?${text}` : ''}`;
}

async function renderList(ctx) {
  const { query } = ctx;
  // Any size from 1 to 1000 may be given in the address; the form offers the usual ones.
  const asked = Number(query.get('size'));
  const size = Number.isInteger(asked) && asked >= 1 && asked <= 1000 ? String(asked) : PAGE_SIZES[0];
  const endUser = query.get('end_user') || '';
  const token = query.get('page') || '';
  const back = query.getAll('back');

  const answer = await api('/api/v1/conversations', {
    signal: ctx.signal,
    query: { end_user_id: endUser, 'page.page_size': size, 'page.page_token': token },
  });
  if (ctx.left) return;
  const conversations = answer.conversations || [];
  const next = (answer.page && answer.page.nextPageToken) || '';

  const endUserInput = h('input', { id: 'conv-end-user', name: 'end_user', value: endUser, placeholder: 'any',
    autocomplete: 'off' });
  const sizes = PAGE_SIZES.includes(size) ? PAGE_SIZES : [size, ...PAGE_SIZES];
  const sizeSelect = h('select', { id: 'conv-size', name: 'size' },
    sizes.map((value) => h('option', { value, selected: value === size }, value)));
  const filters = h('form', { class: 'filters', id: 'conv-filters', on: { submit: (event) => {
    event.preventDefault();
    const fresh = new URLSearchParams();
    if (endUserInput.value.trim()) fresh.set('end_user', endUserInput.value.trim());
    if (sizeSelect.value !== PAGE_SIZES[0]) fresh.set('size', sizeSelect.value);
    location.hash = listAddress(fresh);
  } } },
  field('End user', endUserInput), field('Per page', sizeSelect),
  h('button', { type: 'submit', class: 'primary' }, 'Show'));

  const rows = table([
    { label: 'Title', value: (c) => h('a', { href: `#/conversations/${encodeURIComponent(c.id)}` },
      c.title || '(untitled)'), class: 'wrap' },
    { label: 'Model', value: (c) => c.model || '–' },
    { label: 'End user', value: (c) => c.endUserId || '–' },
    { label: 'Turns', value: (c) => formatCount(c.turnCount), class: 'num' },
    { label: 'Updated', value: (c) => formatTime(c.updateTime) },
    { label: 'Created', value: (c) => formatTime(c.createTime) },
    { label: 'Id', value: (c) => h('code', null, c.id) },
  ], conversations, {
    caption: 'Conversations, newest first',
    rowId: (c) => c.id,
    onRow: (c) => { location.hash = `#/conversations/${encodeURIComponent(c.id)}`; },
    empty: token ? 'No more conversations.' : 'No conversations yet. Chat with a conversation id (ChatRequest.'
      + 'conversation_id, or the x-llmg-conversation-id header on /v1) after creating one with POST '
      + '/api/v1/conversations.',
  });

  const pager = h('nav', { class: 'row', 'aria-label': 'Pages of conversations', id: 'conv-pager' },
    h('button', { id: 'conv-prev', type: 'button', disabled: !token, on: { click: () => {
      const previous = new URLSearchParams(query);
      const stack = back.slice();
      const target = stack.pop() || '';
      previous.delete('back');
      stack.forEach((item) => previous.append('back', item));
      if (target && target !== '-') previous.set('page', target);
      else previous.delete('page');
      location.hash = listAddress(previous);
    } } }, '← Newer'),
    h('span', { class: 'muted', id: 'conv-page-number' }, `Page ${back.length + 1}`),
    h('button', { id: 'conv-next', type: 'button', disabled: !next, on: { click: () => {
      const following = new URLSearchParams(query);
      if (token) following.append('back', token);
      else following.append('back', '-');
      following.set('page', next);
      location.hash = listAddress(following);
    } } }, 'Older →'));

  replace(ctx.main, h('h1', null, 'Conversations'),
    h('p', { class: 'muted' }, 'The conversations this key created (an admin key sees everyone\'s). Open one to '
      + 'read its history.'),
    filters, rows, pager);
}

async function renderConversation(ctx, id) {
  const superseded = ctx.query.get('superseded') === '1';
  const path = `/api/v1/conversations/${encodeURIComponent(id)}`;
  const [{ conversation }, messages] = await Promise.all([
    api(path, { signal: ctx.signal }),
    allMessages(path, superseded, ctx.signal),
  ]);
  if (ctx.left) return;
  const limits = conversation.limits || {};

  const toggle = h('input', { type: 'checkbox', id: 'show-superseded', checked: superseded, on: { change: () => {
    const next = new URLSearchParams(ctx.query);
    if (toggle.checked) next.set('superseded', '1');
    else next.delete('superseded');
    const text = next.toString();
    location.hash = `#/conversations/${encodeURIComponent(id)}${text ? `?${text}` : ''}`;
  } } });

  replace(ctx.main,
    h('p', null, h('a', { href: '#/conversations' }, '← All conversations')),
    h('h1', { id: 'conv-title' }, conversation.title || '(untitled conversation)'),
    h('section', { class: 'panel', 'aria-labelledby': 'conv-facts-title', id: 'conv-facts' },
      h('h2', { id: 'conv-facts-title' }, 'Facts'),
      facts([
        ['Id', h('code', null, conversation.id)],
        ['Model', conversation.model || '– (each turn names its own)'],
        ['End user', conversation.endUserId],
        ['Turns', formatCount(conversation.turnCount)],
        ['Created', formatTime(conversation.createTime)],
        ['Updated', formatTime(conversation.updateTime)],
        ['Earlier turns sent', limitText(limits.maxPairs, 'conversations.max_pairs')],
        ['Context tokens', limitText(limits.maxContextTokens, 'conversations.max_context_tokens')],
        ['Metadata', formatPairs(conversation.metadata)],
        ['System prompt', conversation.systemPrompt ? h('div', { class: 'message', id: 'conv-system-prompt' },
          conversation.systemPrompt) : null],
      ])),
    h('h2', { id: 'history-title' }, 'History'),
    h('div', { class: 'row' }, h('label', { for: 'show-superseded' }, toggle,
      ' Show superseded answers (replaced by a regenerate)')),
    history(messages));
}

function limitText(value, setting) {
  return value ? formatCount(value) : `config default (${setting})`;
}

/** Every stored message, oldest first, over as many pages as it takes (bounded, saying so). */
async function allMessages(path, superseded, signal) {
  const messages = [];
  let token = '';
  for (let page = 0; page < MAX_MESSAGE_PAGES; page += 1) {
    const answer = await api(`${path}/messages`, { signal, query: {
      include_superseded: superseded ? 'true' : '', 'page.page_size': MESSAGE_PAGE, 'page.page_token': token } });
    messages.push(...(answer.messages || []));
    token = (answer.page && answer.page.nextPageToken) || '';
    if (!token) return { messages, truncated: false };
  }
  return { messages, truncated: true };
}

/** The messages grouped by turn, each turn a section. */
function history({ messages, truncated }) {
  if (messages.length === 0) {
    return h('p', { class: 'muted', id: 'history-empty' }, 'No turns yet: the history fills as chat calls name this '
      + 'conversation.');
  }
  const turns = new Map();
  for (const message of messages) {
    const turn = message.turn || 0;
    if (!turns.has(turn)) turns.set(turn, []);
    turns.get(turn).push(message);
  }
  return h('div', { id: 'history', class: 'stack' },
    [...turns.entries()].map(([turn, list]) => h('section', { class: 'panel turn', id: `turn-${turn}`,
      dataset: { turn: String(turn) }, 'aria-label': `Turn ${turn}` },
    h('h3', null, `Turn ${turn}`), list.map(messageView))),
    truncated ? h('p', { class: 'notice' }, `Only the first ${MESSAGE_PAGE * MAX_MESSAGE_PAGES} messages are shown.`)
      : null);
}

function messageView(stored) {
  const message = stored.message || {};
  const role = enumWord(message.role, 'ROLE_') || 'unknown';
  const heading = [role];
  if (message.name) heading.push(`(${message.name})`);
  if (stored.version) heading.push(`· answer v${stored.version}`);
  if (stored.superseded) heading.push('· superseded');
  const meta = [formatTime(stored.createTime)];
  if (stored.inferenceId) {
    meta.push(h('a', { href: `#/inferences/${encodeURIComponent(stored.inferenceId)}` }, 'call'));
  }
  return h('article', {
    class: `message${stored.superseded ? ' superseded' : ''}`,
    dataset: { role, turn: String(stored.turn || 0), position: String(stored.position || 0),
      version: String(stored.version || 0), superseded: stored.superseded ? 'true' : 'false' },
  },
  h('div', { class: 'role' }, heading.join(' '), ' · ', meta.map((part, index) => [index ? ' · ' : '', part])),
  message.toolCallId ? h('div', { class: 'muted' }, `answers tool call ${message.toolCallId}`) : null,
  message.reasoning ? h('details', null, h('summary', null, 'Reasoning'), h('div', null, message.reasoning)) : null,
  h('div', { class: 'content' }, (message.content || []).map(contentPart)),
  message.refusal ? h('div', { class: 'status-bad' }, `Refused: ${message.refusal}`) : null,
  (message.toolCalls || []).length ? h('div', { class: 'tool-calls' }, message.toolCalls.map((call) =>
    h('div', { class: 'tool-call' }, h('div', null, h('strong', null, `Tool call ${call.name || ''}`),
      call.id ? h('span', { class: 'muted' }, ` (${call.id})`) : null),
    h('pre', null, prettyJson(call.arguments))))) : null);
}

function contentPart(part) {
  if (part.text !== undefined) return h('div', { class: 'text' }, part.text);
  if (part.imageUrl) {
    const url = part.imageUrl.url || '';
    return h('div', { class: 'muted' }, `[image: ${url.startsWith('data:') ? `${url.slice(0, 30)}…` : url}]`);
  }
  return null;
}
