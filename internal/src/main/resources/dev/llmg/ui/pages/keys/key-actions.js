// Revoking and rotating a key: each asks for confirmation in the page first (rotating also for the old key's
// grace period), then shows the outcome in the page's result box and reads the keys again.

import { api } from '../../lib/api.js';
import { errorBox, field, h, replace } from '../../lib/dom.js';
import { formatTime } from '../../lib/format.js';
import { describe } from './key-words.js';
import { secretBox } from './secret-box.js';

const GRACE_PERIODS = [['', 'none: revoke the old key at once'], ['300s', '5 minutes'], ['3600s', '1 hour'],
  ['86400s', '1 day'], ['604800s', '7 days']];

/** Asks whether to revoke key, in page.action; revokes it on confirmation. */
export function confirmRevoke(page, key) {
  const confirm = h('button', { type: 'button', class: 'danger', id: 'confirm-revoke', on: { click: async () => {
    confirm.disabled = true;
    try {
      const answer = await api(`/api/v1/admin/keys/${encodeURIComponent(key.id)}:revoke`, { method: 'POST',
        body: {} });
      page.closeAction();
      page.showResult(h('p', { class: 'notice', id: 'revoked-notice' }, `Key ${describe(key)} was revoked `
        + `(${formatTime(answer.apiKey && answer.apiKey.revokeTime)}): calls with it are refused.`));
      await page.refresh();
    } catch (error) {
      confirm.disabled = false;
      replace(errors, errorBox(error));
    }
  } } }, 'Revoke key');
  const errors = h('div');
  replace(page.action, h('div', { class: 'panel stack', role: 'group', 'aria-labelledby': 'confirm-title' },
    h('strong', { id: 'confirm-title' }, `Revoke key ${describe(key)}?`),
    h('p', null, `Calls with it are refused at once (401, revoked_api_key). This cannot be undone; `
      + 'to replace a key without a gap, rotate it instead.'),
    errors,
    h('div', { class: 'row' }, confirm, h('button', { type: 'button', id: 'cancel-action',
      on: { click: () => page.closeAction() } }, 'Cancel'))));
  confirm.focus();
}

/** Asks whether to rotate key and with what grace period, in page.action; rotates it on confirmation. */
export function confirmRotate(page, key) {
  const grace = h('select', { id: 'rotate-grace', name: 'grace_period' },
    GRACE_PERIODS.map(([value, label]) => h('option', { value }, label)));
  const errors = h('div');
  const confirm = h('button', { type: 'button', class: 'primary', id: 'confirm-rotate', on: { click: async () => {
    confirm.disabled = true;
    try {
      const body = grace.value ? { gracePeriod: grace.value } : {};
      const answer = await api(`/api/v1/admin/keys/${encodeURIComponent(key.id)}:rotate`, { method: 'POST',
        body });
      page.closeAction();
      const replaced = answer.replaced || {};
      page.showResult(secretBox(answer.key, answer.apiKey,
        `Rotated ${describe(key)}: the old key ${grace.value ? `keeps working until ${formatTime(
          replaced.revokeTime)}` : 'was revoked at once'}.`));
      await page.refresh();
    } catch (error) {
      confirm.disabled = false;
      replace(errors, errorBox(error));
    }
  } } }, 'Rotate key');
  replace(page.action, h('div', { class: 'panel stack', role: 'group', 'aria-labelledby': 'confirm-title' },
    h('strong', { id: 'confirm-title' }, `Rotate key ${describe(key)}?`),
    h('p', null, 'A new key is issued for the same endpoint, name and limits, and the old one is revoked after '
      + 'the grace period.'),
    field('Grace period for the old key', grace),
    errors,
    h('div', { class: 'row' }, confirm, h('button', { type: 'button', id: 'cancel-action',
      on: { click: () => page.closeAction() } }, 'Cancel'))));
  grace.focus();
}
