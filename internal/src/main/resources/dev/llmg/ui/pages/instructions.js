// The instructions page: the instructions the key may use with their labels and newest version (#/instructions),
// and one instruction (#/instructions/<name>?tenant=&v=&a=&b=): its labels, its versions, one version's contents,
// and a line diff between any two versions of a stable text rendering of each, so a reviewer sees what changed.

import { api } from '../lib/api.js';
import { diffLines, hasChanges } from '../lib/diff.js';
import { facts, field, h, replace, table } from '../lib/dom.js';
import { enumWord, formatCount, formatTime } from '../lib/format.js';

const LIST_PAGE = 200;
const MAX_LIST_PAGES = 10;

/** Draws the page into ctx.main. */
export async function render(ctx) {
  if (ctx.args.length > 0) await renderInstruction(ctx, ctx.args[0]);
  else await renderList(ctx);
}

function address(name, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `#/instructions/${encodeURIComponent(name)}${text ? `?${text}` : ''}`;
}

function labelList(labels) {
  const entries = Object.entries(labels || {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return h('span', { class: 'muted' }, 'none');
  return entries.map(([label, version], index) => [index ? ', ' : '',
    h('span', { class: 'label', dataset: { label, version: String(version) } }, `${label} → v${version}`)]);
}

async function renderList(ctx) {
  const instructions = [];
  let token = '';
  let truncated = true;
  for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
    const answer = await api('/api/v1/instructions', { signal: ctx.signal,
      query: { 'page.page_size': LIST_PAGE, 'page.page_token': token } });
    instructions.push(...(answer.instructions || []));
    token = (answer.page && answer.page.nextPageToken) || '';
    if (!token) {
      truncated = false;
      break;
    }
  }
  if (ctx.left) return;

  const filter = h('input', { id: 'instr-filter', type: 'search', placeholder: 'name contains…',
    autocomplete: 'off', value: ctx.query.get('q') || '' });
  const holder = h('div');
  const draw = () => {
    const needle = filter.value.trim().toLowerCase();
    const shown = needle ? instructions.filter((item) => item.name.toLowerCase().includes(needle)) : instructions;
    replace(holder, table([
      { label: 'Name', value: (item) => h('a', { href: address(item.name, { tenant: item.tenant }) }, item.name) },
      { label: 'Tenant', value: (item) => item.tenant || h('span', { class: 'muted' }, 'shared') },
      { label: 'Newest version', value: (item) => `v${item.latestVersion || 0}`, class: 'num' },
      { label: 'Labels', value: (item) => labelList(item.labels), class: 'wrap' },
      { label: 'Source', value: (item) => enumWord(item.source, 'INSTRUCTION_SOURCE_') },
      { label: 'Updated', value: (item) => formatTime(item.updateTime) },
    ], shown, {
      caption: `${formatCount(shown.length)} instruction${shown.length === 1 ? '' : 's'}`,
      rowId: (item) => `${item.tenant || ''}/${item.name}`,
      onRow: (item) => { location.hash = address(item.name, { tenant: item.tenant }); },
      empty: needle ? 'No instruction matches.' : 'No instructions yet. Create one with POST '
        + '/api/v1/instructions/<name>/versions, or put files under instructions.dir.',
    }));
  };
  filter.addEventListener('input', draw);
  draw();
  replace(ctx.main, h('h1', null, 'Instructions'),
    h('p', { class: 'muted' }, 'Named, versioned prompts that chat requests invoke by name '
      + '("summarize", "summarize@3", "summarize:production"). Versions never change; labels point at them.'),
    h('div', { class: 'filters' }, field('Filter', filter)),
    holder,
    truncated ? h('p', { class: 'notice' }, `Only the first ${LIST_PAGE * MAX_LIST_PAGES} are listed.`) : null);
}

async function renderInstruction(ctx, name) {
  const tenant = ctx.query.get('tenant') || '';
  const base = `/api/v1/instructions/${encodeURIComponent(name)}`;
  const { instruction } = await api(base, { signal: ctx.signal, query: { tenant } });
  if (ctx.left) return;
  const versions = instruction.versions || [];
  const numbers = versions.map((version) => version.version);
  const latest = instruction.latestVersion || numbers[numbers.length - 1] || 0;
  const pick = (param, fallback) => {
    const value = Number(ctx.query.get(param));
    return numbers.includes(value) ? value : fallback;
  };
  const shown = pick('v', latest);
  const diffB = pick('b', latest);
  const diffA = pick('a', numbers.length > 1 ? numbers[numbers.indexOf(diffB) - 1] || numbers[0] : diffB);
  const go = (params) => {
    location.hash = address(name, { tenant, v: shown, a: diffA, b: diffB, ...params });
  };

  // The shown version is read on its own (GetInstructionVersion), as a client would fetch it.
  const { version } = await api(`${base}/versions/${shown}`, { signal: ctx.signal, query: { tenant } });
  if (ctx.left) return;

  const labelRows = Object.entries(instruction.labels || {}).sort(([a], [b]) => a.localeCompare(b));
  const labelsByVersion = new Map();
  for (const [label, number] of labelRows) {
    if (!labelsByVersion.has(number)) labelsByVersion.set(number, []);
    labelsByVersion.get(number).push(label);
  }

  replace(ctx.main,
    h('p', null, h('a', { href: '#/instructions' }, '← All instructions')),
    h('h1', { id: 'instr-title' }, name),
    h('section', { class: 'panel', 'aria-labelledby': 'instr-facts-title' },
      h('h2', { id: 'instr-facts-title' }, 'Facts'),
      facts([
        ['Tenant', instruction.tenant || 'shared (every tenant may use it)'],
        ['Source', enumWord(instruction.source, 'INSTRUCTION_SOURCE_')
          + (instruction.source === 'INSTRUCTION_SOURCE_FILE' ? ' (read-only here)' : '')],
        ['Newest version', `v${latest}`],
        ['Updated', formatTime(instruction.updateTime)],
      ])),
    h('div', { class: 'split' },
      h('section', { 'aria-labelledby': 'instr-versions-title' },
        h('h2', { id: 'instr-versions-title' }, 'Versions'),
        table([
          { label: 'Version', value: (item) => h('a', { href: address(name, { tenant, v: item.version, a: diffA,
            b: diffB }) }, `v${item.version}`), class: 'num' },
          { label: 'Labels', value: (item) => (labelsByVersion.get(item.version) || []).join(', ') },
          { label: 'Description', value: (item) => item.description || '', class: 'wrap' },
          { label: 'Model', value: (item) => item.model || '–' },
          { label: 'Created', value: (item) => formatTime(item.createTime) },
          { label: 'By', value: (item) => item.createdBy || '–' },
        ], versions.slice().reverse(), {
          rowId: (item) => String(item.version),
          onRow: (item) => go({ v: item.version }),
        })),
      h('section', { 'aria-labelledby': 'instr-labels-title' },
        h('h2', { id: 'instr-labels-title' }, 'Labels'),
        table([
          { label: 'Label', value: ([label]) => label },
          { label: 'Points at', value: ([, number]) => h('a', { href: address(name, { tenant, v: number, a: diffA,
            b: diffB }) }, `v${number}`), class: 'num' },
        ], labelRows, { rowId: ([label]) => label, empty: 'No labels.' }))),
    versionView(version, labelsByVersion.get(version.version) || []),
    diffView(versions, diffA, diffB, (a, b) => go({ a, b })));
}

/** One version's contents: templates, model, parameters, tools, response format. */
function versionView(version, labels) {
  const params = parameters(version);
  return h('section', { class: 'panel gap-top', id: 'version-view', dataset: { version: String(version.version) },
    'aria-labelledby': 'version-title' },
  h('h2', { id: 'version-title' }, `Version ${version.version}${labels.length ? ` (${labels.join(', ')})` : ''}`),
  facts([
    ['Description', version.description],
    ['Model', version.model || '– (the request\'s, or the endpoint\'s)'],
    ['Parameters', params.length ? params.map(([key, value]) => `${key} ${value}`).join(', ') : '– (the request\'s)'],
    ['Variables', (version.variables || []).join(', ') || 'none'],
    ['Created', formatTime(version.createTime)],
    ['Created by', version.createdBy],
  ]),
  h('h3', null, 'Messages'),
  (version.messages || []).map((message) => h('div', { class: 'message template', dataset: {
    role: enumWord(message.role, 'ROLE_') } },
  h('div', { class: 'role' }, enumWord(message.role, 'ROLE_')), message.template || '')),
  (version.tools || []).length ? [h('h3', null, 'Tools'), h('pre', { id: 'version-tools' },
    JSON.stringify(version.tools, null, 2))] : null,
  version.responseFormat ? [h('h3', null, 'Response format'), h('pre', { id: 'version-format' },
    JSON.stringify(version.responseFormat, null, 2))] : null);
}

function parameters(version) {
  return [['temperature', version.temperature], ['top_p', version.topP], ['max_tokens', version.maxTokens],
    ['seed', version.seed], ['presence_penalty', version.presencePenalty],
    ['frequency_penalty', version.frequencyPenalty]].filter(([, value]) => value !== undefined && value !== null);
}

/**
 * The text a version is diffed as: every field that shapes a request, in a fixed order with sorted keys, so two
 * versions differ only where their contents do (not the number, time or author, which always differ).
 */
export function versionText(version) {
  const lines = [];
  lines.push(`description: ${version.description || ''}`);
  lines.push(`model: ${version.model || ''}`);
  for (const [key, value] of parameters(version)) lines.push(`${key}: ${value}`);
  lines.push(`variables: ${(version.variables || []).join(', ')}`);
  (version.messages || []).forEach((message, index) => {
    lines.push('');
    lines.push(`message ${index + 1} (${enumWord(message.role, 'ROLE_')}):`);
    for (const line of String(message.template || '').split(/\r?\n/)) lines.push(`  ${line}`);
  });
  if ((version.tools || []).length) {
    lines.push('');
    lines.push('tools:');
    for (const line of stableJson(version.tools).split('\n')) lines.push(`  ${line}`);
  }
  if (version.responseFormat) {
    lines.push('');
    lines.push('response format:');
    for (const line of stableJson(version.responseFormat).split('\n')) lines.push(`  ${line}`);
  }
  return lines.join('\n');
}

function stableJson(value) {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

function diffView(versions, a, b, choose) {
  const options = versions.map((version) => [String(version.version), `v${version.version}`]);
  const selectA = h('select', { id: 'diff-a', name: 'a' },
    options.map(([value, label]) => h('option', { value, selected: Number(value) === a }, label)));
  const selectB = h('select', { id: 'diff-b', name: 'b' },
    options.map(([value, label]) => h('option', { value, selected: Number(value) === b }, label)));
  const form = h('form', { class: 'filters', id: 'diff-form', on: { submit: (event) => {
    event.preventDefault();
    choose(Number(selectA.value), Number(selectB.value));
  } } }, field('From (A)', selectA), field('To (B)', selectB),
  h('button', { type: 'submit', class: 'primary', id: 'diff-show' }, 'Compare'));

  const before = versions.find((version) => version.version === a);
  const after = versions.find((version) => version.version === b);
  const lines = before && after ? diffLines(versionText(before), versionText(after)) : [];
  const added = lines.filter((line) => line.op === '+').length;
  const removed = lines.filter((line) => line.op === '-').length;
  return h('section', { class: 'panel gap-top', id: 'diff', 'aria-labelledby': 'diff-title',
    dataset: { a: String(a), b: String(b) } },
  h('h2', { id: 'diff-title' }, `Changes from v${a} to v${b}`),
  form,
  h('p', { id: 'diff-summary', class: 'muted' }, hasChanges(lines)
    ? `${added} line${added === 1 ? '' : 's'} added (+), ${removed} removed (−).`
    : 'No differences in what the versions put into a request.'),
  h('pre', { class: 'diff', id: 'diff-lines', 'aria-label': `Line diff from v${a} to v${b}` },
    lines.map((line) => h('div', {
      class: line.op === '+' ? 'diff-add' : line.op === '-' ? 'diff-del' : 'diff-same',
      dataset: { op: line.op === ' ' ? 'same' : line.op === '+' ? 'add' : 'del' },
    }, `${line.op === ' ' ? ' ' : line.op} ${line.text}`))));
}
