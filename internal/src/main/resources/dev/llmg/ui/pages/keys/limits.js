// Limits in words ("60 req/min, $5.00/day") and the limits in force on a key: its own and every level's above it.

import { h } from '../../lib/dom.js';
import { enumWord, formatCount, formatUsd } from '../../lib/format.js';
import { lastPart } from './level-path.js';

const LIMIT_WORDS = [
  ['requestsPerMinute', (value) => `${formatCount(value)} req/min`],
  ['tokensPerMinute', (value) => `${formatCount(value)} tokens/min`],
  ['concurrentRequests', (value) => `${formatCount(value)} at once`],
  ['spendPerDay', (value) => `${formatUsd(value)}/day`],
  ['spendPerMonth', (value) => `${formatUsd(value)}/month`],
];

/** The limits set, in words; '' when none is. */
export function limitsText(limits) {
  if (!limits) return '';
  return LIMIT_WORDS.filter(([name]) => Number(limits[name] || 0) > 0).map(([name, words]) => words(limits[name]))
    .join(', ');
}

/** The key's own limits and those of every level above it that sets some (each one counts), nearest first. */
export function limitsInForce(key, byPath) {
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
