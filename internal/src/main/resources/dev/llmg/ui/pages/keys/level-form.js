// The form that makes a tenant, team, group or endpoint inside an existing parent of the right kind.

import { api } from '../../lib/api.js';
import { errorBox, field, h, replace } from '../../lib/dom.js';
import { enumWord } from '../../lib/format.js';

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

/** The form that makes a tenant, team, group or endpoint under an existing parent. */
export class LevelForm {
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
