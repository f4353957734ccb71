// The form that issues a key for an endpoint; the new key is shown once, in the page's result box.

import { api } from '../../lib/api.js';
import { errorBox, field, h, replace } from '../../lib/dom.js';
import { describe } from './key-words.js';
import { secretBox } from './secret-box.js';

/** The form that issues a key for an endpoint. */
export class KeyForm {
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
