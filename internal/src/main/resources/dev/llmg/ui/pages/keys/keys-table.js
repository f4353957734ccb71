// The keys table: each key with its status, actions (revoke, rotate), last day's usage and the limits in force.

import { h, table } from '../../lib/dom.js';
import { formatCount, formatTime, formatUsd } from '../../lib/format.js';
import { confirmRevoke, confirmRotate } from './key-actions.js';
import { limitsInForce } from './limits.js';

/** Active, revoked (or revoked after a grace period still running) or expired, with when. */
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

/** Revoke and Rotate for a key made here and still usable; config's keys are changed in config. */
function keyActions(page, key) {
  if (key.source === 'SOURCE_CONFIG') return h('span', { class: 'muted' }, 'from config');
  if (key.revokeTime && Date.parse(key.revokeTime) <= Date.now()) return h('span', { class: 'muted' }, '–');
  return h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'danger', dataset: { action: 'revoke', key: key.id },
      'aria-label': `Revoke key ${key.name || key.hint}`, on: { click: () => confirmRevoke(page, key) } },
    'Revoke'),
    h('button', { type: 'button', dataset: { action: 'rotate', key: key.id },
      'aria-label': `Rotate key ${key.name || key.hint}`, on: { click: () => confirmRotate(page, key) } },
    'Rotate'));
}

/** The table of page.keys, with page.usage beside each. */
export function keysTable(page) {
  const byPath = new Map(page.levels.map((level) => [level.path, level]));
  return table([
    { label: 'Name', value: (key) => [h('div', null, key.name || '–'), h('small', { class: 'muted' }, key.id)] },
    { label: 'Endpoint', value: (key) => key.endpoint },
    { label: 'Hint', value: (key) => h('code', null, key.hint) },
    { label: 'Status', value: keyStatus },
    { label: 'Actions', value: (key) => keyActions(page, key) },
    { label: 'Created, expires', value: (key) => [h('div', null, formatTime(key.createTime)),
      h('small', { class: 'muted' }, key.expireTime ? `expires ${formatTime(key.expireTime)}` : 'never expires')] },
    { label: 'Calls 24 h', value: (key) => formatCount(page.usageOf(key).requests), class: 'num' },
    { label: 'Tokens 24 h', value: (key) => formatCount(page.usageOf(key).tokens), class: 'num' },
    { label: 'Cost 24 h', value: (key) => formatUsd(page.usageOf(key).cost), class: 'num' },
    { label: 'Limits in force', value: (key) => limitsInForce(key, byPath), class: 'wrap' },
  ], page.keys, {
    caption: `${formatCount(page.keys.length)} key${page.keys.length === 1 ? '' : 's'}`
      + (page.showInactive ? ' (revoked and expired included)' : '') + '; usage of the last 24 hours',
    rowId: (key) => key.id,
    empty: 'No keys yet: make one for an endpoint below.',
  });
}
