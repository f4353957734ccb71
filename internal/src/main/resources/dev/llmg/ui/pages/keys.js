// The keys and tenants page (#/keys, admin keys only): the grouping (tenants > teams > groups > endpoints) with
// each level's own settings, the keys with their last day's usage and the limits in force, and the actions an
// operator needs: make a level, issue a key (shown once, with a copy button), revoke one (after a confirm step in
// the page), rotate one (the new key shown once the same way). Any other key gets a page saying it needs an admin
// key, from the API's own 403.

import { api } from '../lib/api.js';
import { errorBox, facts, field, h, replace, table } from '../lib/dom.js';
import { enumWord, formatCount, formatTime, formatUsd } from '../lib/format.js';

const KINDS = [
  ['LEVEL_KIND_TENANT', 'Tenant'],
  ['LEVEL_KIND_TEAM', 'Team'],
  ['LEVEL_KIND_GROUP', 'Group'],
  ['LEVEL_KIND_ENDPOINT', 'Endpoint'],
];
/** The kinds a level of each kind may sit under. */
const PARENT_KINDS = {
  LEVEL_KIND_TENANT: [],
  LEVEL_KIND_TEAM: ['LEVEL_KIND_TENANT'],
  LEVEL_KIND_GROUP: ['LEVEL_KIND_TEAM', 'LEVEL_KIND_GROUP'],
  LEVEL_KIND_ENDPOINT: ['LEVEL_KIND_GROUP'],
};
const GRACE_PERIODS = [['', 'none: revoke the old key at once'], ['300s', '5 minutes'], ['3600s', '1 hour'],
  ['86400s', '1 day'], ['604800s', '7 days']];

/** Draws the page into ctx.main. */
export async function render(ctx) {
  const page = new KeysPage(ctx);
  try {
    await page.load();
  } catch (error) {
    if (error.status === 403) {
      if (!ctx.left) needsAdmin(ctx, error);
      return;
    }
    throw error;
  }
  if (!ctx.left) page.start();
}

/** The page shown to a key that may not use the admin API. */
function needsAdmin(ctx, error) {
  replace(ctx.main, h('section', { class: 'narrow', id: 'needs-admin', 'aria-labelledby': 'needs-admin-title' },
    h('h1', { id: 'needs-admin-title' }, 'This page needs an admin key'),
    h('p', null, 'Keys and tenants are managed through the admin API (/api/v1/admin), which takes only the keys '
      + 'listed in auth.admin_keys. The key in use is not one of them, so the gateway refused:'),
    errorBox(error),
    h('p', null, 'Use "Forget key" at the top and sign in with an admin key to manage tenants, teams, groups, '
      + 'endpoints and keys. Everything else in the dashboard works with this key.')));
}

/** The page's state and sections; refresh() reads the levels, keys and usage again and redraws them. */
class KeysPage {
  constructor(ctx) {
    this.ctx = ctx;
    this.levels = [];
    this.keys = [];
    this.usage = new Map();
    this.usageError = null;
    this.showInactive = ctx.query.get('inactive') === '1';
    this.result = h('div', { id: 'key-result', 'aria-live': 'polite' });
    this.action = h('div', { id: 'key-action' });
    this.keysHolder = h('div', { id: 'keys-table' });
    this.levelsHolder = h('div', { id: 'levels-table' });
    this.keyForm = new KeyForm(this);
    this.levelForm = new LevelForm(this);
  }

  /** Draws the page from what load() read. */
  start() {
    const inactive = h('input', { type: 'checkbox', id: 'keys-inactive', checked: this.showInactive, on: {
      change: async () => {
        this.showInactive = inactive.checked;
        // Kept in the address for a reload, without a hashchange (which would draw the page afresh).
        history.replaceState(null, '', this.showInactive ? '#/keys?inactive=1' : '#/keys');
        await this.refresh();
      } } });
    replace(this.ctx.main,
      h('h1', null, 'Keys and tenants'),
      h('p', { class: 'muted' }, 'Callers present keys of endpoints, inside groups, teams and tenants. Levels from '
        + 'config are read-only here; those made here are kept in the database. Every level\'s limits count.'),
      this.result,
      h('section', { 'aria-labelledby': 'keys-title' },
        h('h2', { id: 'keys-title' }, 'Keys'),
        h('div', { class: 'row' }, h('label', { for: 'keys-inactive' }, inactive,
          ' Show revoked and expired keys'),
        h('button', { type: 'button', id: 'keys-refresh', on: { click: () => this.refresh() } }, 'Refresh')),
        this.action,
        this.keysHolder),
      this.keyForm.element,
      h('section', { 'aria-labelledby': 'levels-title' },
        h('h2', { id: 'levels-title' }, 'Tenants, teams, groups and endpoints'),
        this.levelsHolder),
      this.levelForm.element);
    this.draw();
  }

  async load() {
    const [levels, keys, usage] = await Promise.all([
      api('/api/v1/admin/levels', { signal: this.ctx.signal }),
      api('/api/v1/admin/keys', { signal: this.ctx.signal, query: { include_inactive: this.showInactive
        ? 'true' : '' } }),
      api('/api/v1/usage', { signal: this.ctx.signal, query: { group_by: 'USAGE_GROUP_BY_CALLER' } })
        .catch((error) => ({ error })),
    ]);
    this.levels = levels.levels || [];
    this.keys = keys.apiKeys || [];
    this.usageError = usage.error || null;
    this.usage = usageByHint(usage.rows || []);
  }

  async refresh() {
    try {
      await this.load();
    } catch (error) {
      if (this.ctx.left) return;
      this.showResult(errorBox(error));
      return;
    }
    if (!this.ctx.left) this.draw();
  }

  draw() {
    replace(this.keysHolder, this.usageError ? errorBox(this.usageError) : null, this.keysTable());
    replace(this.levelsHolder, this.levelsTable());
    this.keyForm.setEndpoints(this.endpoints());
    this.levelForm.setLevels(this.levels);
  }

  endpoints() {
    return this.levels.filter((level) => level.kind === 'LEVEL_KIND_ENDPOINT').map((level) => level.path);
  }

  showResult(...children) {
    replace(this.result, ...children);
    this.result.scrollIntoView({ block: 'nearest' });
  }

  keysTable() {
    const byPath = new Map(this.levels.map((level) => [level.path, level]));
    return table([
      { label: 'Name', value: (key) => [h('div', null, key.name || '–'), h('small', { class: 'muted' }, key.id)] },
      { label: 'Endpoint', value: (key) => key.endpoint },
      { label: 'Hint', value: (key) => h('code', null, key.hint) },
      { label: 'Status', value: keyStatus },
      { label: 'Actions', value: (key) => this.keyActions(key) },
      { label: 'Created, expires', value: (key) => [h('div', null, formatTime(key.createTime)),
        h('small', { class: 'muted' }, key.expireTime ? `expires ${formatTime(key.expireTime)}` : 'never expires')] },
      { label: 'Calls 24 h', value: (key) => formatCount(this.usageOf(key).requests), class: 'num' },
      { label: 'Tokens 24 h', value: (key) => formatCount(this.usageOf(key).tokens), class: 'num' },
      { label: 'Cost 24 h', value: (key) => formatUsd(this.usageOf(key).cost), class: 'num' },
      { label: 'Limits in force', value: (key) => limitsInForce(key, byPath), class: 'wrap' },
    ], this.keys, {
      caption: `${formatCount(this.keys.length)} key${this.keys.length === 1 ? '' : 's'}`
        + (this.showInactive ? ' (revoked and expired included)' : '') + '; usage of the last 24 hours',
      rowId: (key) => key.id,
      empty: 'No keys yet: make one for an endpoint below.',
    });
  }

  usageOf(key) {
    return this.usage.get(key.hint) || { requests: 0, tokens: 0, cost: 0 };
  }

  keyActions(key) {
    if (key.source === 'SOURCE_CONFIG') return h('span', { class: 'muted' }, 'from config');
    if (key.revokeTime && Date.parse(key.revokeTime) <= Date.now()) return h('span', { class: 'muted' }, '–');
    return h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'danger', dataset: { action: 'revoke', key: key.id },
        'aria-label': `Revoke key ${key.name || key.hint}`, on: { click: () => this.confirmRevoke(key) } },
      'Revoke'),
      h('button', { type: 'button', dataset: { action: 'rotate', key: key.id },
        'aria-label': `Rotate key ${key.name || key.hint}`, on: { click: () => this.confirmRotate(key) } },
      'Rotate'));
  }

  closeAction() {
    replace(this.action);
  }

  confirmRevoke(key) {
    const confirm = h('button', { type: 'button', class: 'danger', id: 'confirm-revoke', on: { click: async () => {
      confirm.disabled = true;
      try {
        const answer = await api(`/api/v1/admin/keys/${encodeURIComponent(key.id)}:revoke`, { method: 'POST',
          body: {} });
        this.closeAction();
        this.showResult(h('p', { class: 'notice', id: 'revoked-notice' }, `Key ${describe(key)} was revoked `
          + `(${formatTime(answer.apiKey && answer.apiKey.revokeTime)}): calls with it are refused.`));
        await this.refresh();
      } catch (error) {
        confirm.disabled = false;
        replace(errors, errorBox(error));
      }
    } } }, 'Revoke key');
    const errors = h('div');
    replace(this.action, h('div', { class: 'panel stack', role: 'group', 'aria-labelledby': 'confirm-title' },
      h('strong', { id: 'confirm-title' }, `Revoke key ${describe(key)}?`),
      h('p', null, `Calls with it are refused at once (401, revoked_api_key). This cannot be undone; `
        + 'to replace a key without a gap, rotate it instead.'),
      errors,
      h('div', { class: 'row' }, confirm, h('button', { type: 'button', id: 'cancel-action',
        on: { click: () => this.closeAction() } }, 'Cancel'))));
    confirm.focus();
  }

  confirmRotate(key) {
    const grace = h('select', { id: 'rotate-grace', name: 'grace_period' },
      GRACE_PERIODS.map(([value, label]) => h('option', { value }, label)));
    const errors = h('div');
    const confirm = h('button', { type: 'button', class: 'primary', id: 'confirm-rotate', on: { click: async () => {
      confirm.disabled = true;
      try {
        const body = grace.value ? { gracePeriod: grace.value } : {};
        const answer = await api(`/api/v1/admin/keys/${encodeURIComponent(key.id)}:rotate`, { method: 'POST',
          body });
        this.closeAction();
        const replaced = answer.replaced || {};
        this.showResult(secretBox(answer.key, answer.apiKey,
          `Rotated ${describe(key)}: the old key ${grace.value ? `keeps working until ${formatTime(
            replaced.revokeTime)}` : 'was revoked at once'}.`));
        await this.refresh();
      } catch (error) {
        confirm.disabled = false;
        replace(errors, errorBox(error));
      }
    } } }, 'Rotate key');
    replace(this.action, h('div', { class: 'panel stack', role: 'group', 'aria-labelledby': 'confirm-title' },
      h('strong', { id: 'confirm-title' }, `Rotate key ${describe(key)}?`),
      h('p', null, 'A new key is issued for the same endpoint, name and limits, and the old one is revoked after '
        + 'the grace period.'),
      field('Grace period for the old key', grace),
      errors,
      h('div', { class: 'row' }, confirm, h('button', { type: 'button', id: 'cancel-action',
        on: { click: () => this.closeAction() } }, 'Cancel'))));
    grace.focus();
  }

  levelsTable() {
    const keyCounts = new Map();
    for (const key of this.keys) keyCounts.set(key.endpoint, (keyCounts.get(key.endpoint) || 0) + 1);
    return table([
      { label: 'Level', value: (level) => h('div', { class: `level depth-${Math.min(depth(level.path), 5)}`,
        title: level.path },
      h('span', { class: 'muted' }, `${enumWord(level.kind, 'LEVEL_KIND_')} `), h('strong', null, lastPart(level.path)),
      level.alias ? h('span', { class: 'muted' }, ` (alias ${level.alias})`) : null) },
      { label: 'Upstream', value: (level) => level.upstream || '–' },
      { label: 'Models', value: (level) => (level.allowlist ? (level.allowlist.models || []).join(', ') || 'none'
        : 'inherited'), class: 'wrap' },
      { label: 'Tags', value: (level) => pairs(level.tags) || '–', class: 'wrap' },
      { label: 'Limits', value: (level) => limitsText(level.limits) || '–', class: 'wrap' },
      { label: 'Parameters', value: (level) => pairs(level.parameters) || '–', class: 'wrap' },
      { label: 'Source', value: (level) => enumWord(level.source, 'SOURCE_') },
      { label: 'Keys', value: (level) => (level.kind === 'LEVEL_KIND_ENDPOINT'
        ? formatCount(keyCounts.get(level.path) || 0) : ''), class: 'num' },
      { label: 'Actions', value: (level) => (level.kind === 'LEVEL_KIND_ENDPOINT'
        ? h('button', { type: 'button', dataset: { action: 'new-key', endpoint: level.path },
          on: { click: () => this.keyForm.startFor(level.path) } }, 'New key') : '') },
    ], this.levels, {
      caption: 'Outermost first; each endpoint takes the nearest upstream, models, tags and parameters above it',
      rowId: (level) => level.path,
      empty: 'No levels: config declares no tenants. Make a tenant, a team, a group and an endpoint below to '
        + 'issue keys.',
    });
  }
}

/** The form that issues a key for an endpoint. */
class KeyForm {
  constructor(page) {
    this.page = page;
    this.endpoint = h('select', { id: 'new-key-endpoint', name: 'endpoint', required: true });
    this.name = h('input', { id: 'new-key-name', name: 'name', autocomplete: 'off', placeholder: 'e.g. web app' });
    this.expires = h('input', { id: 'new-key-expires', name: 'expire_time', type: 'datetime-local' });
    this.rpm = h('input', { id: 'new-key-rpm', name: 'requests_per_minute', type: 'number', min: '0', step: '1',
      placeholder: 'unlimited' });
    this.errors = h('div');
    this.submit = h('button', { type: 'submit', class: 'primary', id: 'new-key-submit' }, 'Create key');
    this.element = h('section', { class: 'panel gap-top', 'aria-labelledby': 'new-key-title', id: 'new-key' },
      h('h2', { id: 'new-key-title' }, 'New key'),
      h('form', { id: 'new-key-form', on: { submit: (event) => this.create(event) } },
        h('div', { class: 'filters' }, field('Endpoint', this.endpoint), field('Name', this.name),
          field('Expires (optional)', this.expires), field('Requests per minute (optional)', this.rpm)),
        this.errors,
        this.submit));
  }

  setEndpoints(endpoints) {
    const chosen = this.endpoint.value;
    replace(this.endpoint, endpoints.length === 0 ? h('option', { value: '' }, 'no endpoint yet: make one below')
      : endpoints.map((path) => h('option', { value: path, selected: path === chosen }, path)));
    this.submit.disabled = endpoints.length === 0;
  }

  startFor(endpoint) {
    this.endpoint.value = endpoint;
    this.element.scrollIntoView({ block: 'nearest' });
    this.name.focus();
  }

  async create(event) {
    event.preventDefault();
    replace(this.errors);
    const body = { endpoint: this.endpoint.value, name: this.name.value.trim() };
    if (this.expires.value) {
      const when = new Date(this.expires.value);
      if (Number.isNaN(when.getTime())) {
        replace(this.errors, errorBox(new Error('Expires: not a date and time.')));
        return;
      }
      body.expireTime = when.toISOString();
    }
    if (this.rpm.value) body.limits = { requestsPerMinute: String(Number(this.rpm.value)) };
    this.submit.disabled = true;
    try {
      const answer = await api('/api/v1/admin/keys', { method: 'POST', body });
      this.name.value = '';
      this.expires.value = '';
      this.rpm.value = '';
      this.page.showResult(secretBox(answer.key, answer.apiKey, `Key ${describe(answer.apiKey)} was created.`));
      await this.page.refresh();
    } catch (error) {
      replace(this.errors, errorBox(error));
    } finally {
      this.submit.disabled = this.page.endpoints().length === 0;
    }
  }
}

/** The form that makes a tenant, team, group or endpoint under an existing parent. */
class LevelForm {
  constructor(page) {
    this.page = page;
    this.levels = [];
    this.kind = h('select', { id: 'new-level-kind', name: 'kind', on: { change: () => this.fillParents() } },
      KINDS.map(([value, label]) => h('option', { value }, label)));
    this.parent = h('select', { id: 'new-level-parent', name: 'parent' });
    this.name = h('input', { id: 'new-level-name', name: 'name', required: true, autocomplete: 'off',
      placeholder: 'e.g. acme', pattern: '[^\\/]+', title: 'one name, without /' });
    this.upstream = h('input', { id: 'new-level-upstream', name: 'upstream', autocomplete: 'off',
      placeholder: 'inherited' });
    this.models = h('input', { id: 'new-level-models', name: 'models', autocomplete: 'off',
      placeholder: 'inherited (comma-separated)' });
    this.rpm = h('input', { id: 'new-level-rpm', name: 'requests_per_minute', type: 'number', min: '0', step: '1',
      placeholder: 'unlimited' });
    this.tpm = h('input', { id: 'new-level-tpm', name: 'tokens_per_minute', type: 'number', min: '0', step: '1',
      placeholder: 'unlimited' });
    this.errors = h('div');
    this.submit = h('button', { type: 'submit', class: 'primary', id: 'new-level-submit' }, 'Create level');
    this.element = h('section', { class: 'panel gap-top', 'aria-labelledby': 'new-level-title', id: 'new-level' },
      h('h2', { id: 'new-level-title' }, 'New tenant, team, group or endpoint'),
      h('p', { class: 'muted' }, 'A team sits in a tenant, a group in a team or another group, an endpoint in a '
        + 'group; keys belong to endpoints.'),
      h('form', { id: 'new-level-form', on: { submit: (event) => this.create(event) } },
        h('div', { class: 'filters' }, field('Kind', this.kind), field('Inside', this.parent),
          field('Name', this.name), field('Upstream model', this.upstream), field('Models allowed', this.models),
          field('Requests per minute', this.rpm), field('Tokens per minute', this.tpm)),
        this.errors,
        this.submit));
  }

  setLevels(levels) {
    this.levels = levels;
    this.fillParents();
  }

  fillParents() {
    const kinds = PARENT_KINDS[this.kind.value] || [];
    const chosen = this.parent.value;
    const parents = this.levels.filter((level) => kinds.includes(level.kind));
    if (kinds.length === 0) {
      replace(this.parent, h('option', { value: '' }, '(top level)'));
      this.parent.disabled = true;
    } else {
      replace(this.parent, parents.length === 0
        ? h('option', { value: '' }, `none yet: make a ${kinds.map((kind) => enumWord(kind, 'LEVEL_KIND_'))
          .join(' or ')} first`)
        : parents.map((level) => h('option', { value: level.path, selected: level.path === chosen }, level.path)));
      this.parent.disabled = parents.length === 0;
    }
  }

  async create(event) {
    event.preventDefault();
    replace(this.errors);
    const name = this.name.value.trim();
    const parent = this.parent.disabled ? '' : this.parent.value;
    if (PARENT_KINDS[this.kind.value].length > 0 && !parent) {
      replace(this.errors, errorBox(new Error('Inside: choose the level it belongs to (make that one first).')));
      return;
    }
    const level = { kind: this.kind.value, path: parent ? `${parent}/${name}` : name };
    if (this.upstream.value.trim()) level.upstream = this.upstream.value.trim();
    const models = this.models.value.split(',').map((model) => model.trim()).filter(Boolean);
    if (models.length) level.allowlist = { models };
    const limits = {};
    if (this.rpm.value) limits.requestsPerMinute = String(Number(this.rpm.value));
    if (this.tpm.value) limits.tokensPerMinute = String(Number(this.tpm.value));
    if (Object.keys(limits).length) level.limits = limits;
    this.submit.disabled = true;
    try {
      const answer = await api('/api/v1/admin/levels', { method: 'POST', body: level });
      const made = answer.level || level;
      for (const input of [this.name, this.upstream, this.models, this.rpm, this.tpm]) input.value = '';
      this.page.showResult(h('p', { class: 'notice', id: 'level-notice' },
        `${enumWord(made.kind, 'LEVEL_KIND_')} ${made.path} was created.`));
      // The next level usually goes inside this one: offer that.
      const nextKind = { LEVEL_KIND_TENANT: 'LEVEL_KIND_TEAM', LEVEL_KIND_TEAM: 'LEVEL_KIND_GROUP',
        LEVEL_KIND_GROUP: 'LEVEL_KIND_ENDPOINT' }[made.kind];
      await this.page.refresh();
      if (nextKind) {
        this.kind.value = nextKind;
        this.fillParents();
        this.parent.value = made.path;
      }
    } catch (error) {
      replace(this.errors, errorBox(error));
    } finally {
      this.submit.disabled = false;
    }
  }
}

/** A new key, shown this once, with a copy button and the warning that it will not be shown again. */
function secretBox(key, apiKey, headline) {
  const status = h('span', { id: 'copy-status', class: 'muted', 'aria-live': 'polite' });
  const box = h('section', { class: 'panel stack', id: 'key-secret', 'aria-labelledby': 'key-secret-title' },
    h('h2', { id: 'key-secret-title' }, headline),
    facts([['Endpoint', apiKey && apiKey.endpoint], ['Id', apiKey && apiKey.id], ['Hint', apiKey && apiKey.hint]]),
    h('p', { class: 'status-warn' }, h('strong', null, 'Copy the key now: it will not be shown again. '),
      'llmg keeps only its hash.'),
    h('div', { class: 'secret', id: 'new-key-value' }, key),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'copy-key', on: { click: async () => {
        try {
          await navigator.clipboard.writeText(key);
          status.textContent = 'copied';
        } catch (error) {
          status.textContent = `could not copy (${error.message}): select the key and copy it`;
        }
      } } }, 'Copy'),
      status,
      h('button', { type: 'button', id: 'hide-key', on: { click: () => box.remove() } }, 'I have copied it')));
  return box;
}

function describe(key) {
  if (!key) return '';
  return `${key.name ? `"${key.name}" ` : ''}(${key.hint}) of ${key.endpoint}`;
}

function keyStatus(key) {
  const now = Date.now();
  if (key.revokeTime) {
    const when = Date.parse(key.revokeTime);
    return when <= now ? h('span', { class: 'status-bad' }, `revoked ${formatTime(key.revokeTime)}`)
      : h('span', { class: 'status-warn' }, `revoked at ${formatTime(key.revokeTime)} (grace period)`);
  }
  if (key.expireTime && Date.parse(key.expireTime) <= now) {
    return h('span', { class: 'status-bad' }, `expired ${formatTime(key.expireTime)}`);
  }
  return h('span', { class: 'status-ok' }, 'active');
}

/**
 * Usage rows grouped by caller, keyed by key hint. A key's calls are recorded under the caller "key:" and the
 * first 12 hex digits of its SHA-256; its hint is the first 8 of the same hash.
 */
function usageByHint(rows) {
  const result = new Map();
  for (const row of rows) {
    const match = /^key:([0-9a-f]{8})/.exec(row.key || '');
    if (!match) continue;
    const sum = result.get(match[1]) || { requests: 0, tokens: 0, cost: 0 };
    sum.requests += Number(row.requests || 0);
    sum.tokens += Number(row.inputTokens || 0) + Number(row.outputTokens || 0);
    sum.cost += Number(row.costUsd || 0);
    result.set(match[1], sum);
  }
  return result;
}

const LIMIT_WORDS = [
  ['requestsPerMinute', (value) => `${formatCount(value)} req/min`],
  ['tokensPerMinute', (value) => `${formatCount(value)} tokens/min`],
  ['concurrentRequests', (value) => `${formatCount(value)} at once`],
  ['spendPerDay', (value) => `${formatUsd(value)}/day`],
  ['spendPerMonth', (value) => `${formatUsd(value)}/month`],
];

function limitsText(limits) {
  if (!limits) return '';
  return LIMIT_WORDS.filter(([name]) => Number(limits[name] || 0) > 0).map(([name, words]) => words(limits[name]))
    .join(', ');
}

/** The key's own limits and those of every level above it that sets some (each one counts), nearest first. */
function limitsInForce(key, byPath) {
  const parts = [];
  const own = limitsText(key.limits);
  if (own) parts.push(h('div', null, `${own} (this key)`));
  const segments = String(key.endpoint || '').split('/');
  for (let length = segments.length; length > 0; length -= 1) {
    const path = segments.slice(0, length).join('/');
    const level = byPath.get(path);
    const text = limitsText(level && level.limits);
    if (text) {
      parts.push(h('div', { title: path }, `${text} (${enumWord(level.kind, 'LEVEL_KIND_')} ${lastPart(path)})`));
    }
  }
  return parts.length ? parts : h('span', { class: 'muted' }, 'none');
}

function pairs(object) {
  return Object.entries(object || {}).map(([name, value]) => `${name}=${value}`).join(', ');
}

function depth(path) {
  return String(path).split('/').length - 1;
}

function lastPart(path) {
  const parts = String(path).split('/');
  return parts[parts.length - 1];
}
