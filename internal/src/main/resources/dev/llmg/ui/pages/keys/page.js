// The keys page's state and layout: the levels, keys and usage it read, the result and action boxes, the two
// tables and the two forms. refresh() reads everything again and redraws the tables.

import { api } from '../../lib/api.js';
import { errorBox, h, replace } from '../../lib/dom.js';
import { KeyForm } from './key-form.js';
import { usageByHint } from './key-usage.js';
import { keysTable } from './keys-table.js';
import { LevelForm } from './level-form.js';
import { levelsTable } from './levels-table.js';

/** The page's state and sections; refresh() reads the levels, keys and usage again and redraws them. */
export class KeysPage {
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

  /** Reads the levels, keys and last day's usage (a usage error is shown, not thrown). */
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

  /** Reads everything again and redraws; an error is shown in the result box. */
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

  /** Redraws the tables and refills the forms' choices. */
  draw() {
    replace(this.keysHolder, this.usageError ? errorBox(this.usageError) : null, keysTable(this));
    replace(this.levelsHolder, levelsTable(this));
    this.keyForm.setEndpoints(this.endpoints());
    this.levelForm.setLevels(this.levels);
  }

  /** The endpoints' paths: the levels a key can belong to. */
  endpoints() {
    return this.levels.filter((level) => level.kind === 'LEVEL_KIND_ENDPOINT').map((level) => level.path);
  }

  /** Shows the outcome of an action (a notice, a new key or an error) at the top, in view. */
  showResult(...children) {
    replace(this.result, ...children);
    this.result.scrollIntoView({ block: 'nearest' });
  }

  /** A key's last day of usage; zeros when it made no call. */
  usageOf(key) {
    return this.usage.get(key.hint) || { requests: 0, tokens: 0, cost: 0 };
  }

  /** Closes the revoke or rotate confirmation. */
  closeAction() {
    replace(this.action);
  }
}
