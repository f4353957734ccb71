// The levels table: tenants, teams, groups and endpoints, outermost first, each with its own settings, its
// number of keys and (for an endpoint) a button to issue a key for it.

import { h, table } from '../../lib/dom.js';
import { enumWord, formatCount, formatPairs } from '../../lib/format.js';
import { depth, lastPart } from './level-path.js';
import { limitsText } from './limits.js';

/** The table of page.levels; "New key" starts page.keyForm for that endpoint. */
export function levelsTable(page) {
  const keyCounts = new Map();
  for (const key of page.keys) keyCounts.set(key.endpoint, (keyCounts.get(key.endpoint) || 0) + 1);
  return table([
    { label: 'Level', value: (level) => h('div', { class: `level depth-${Math.min(depth(level.path), 5)}`,
      title: level.path },
    h('span', { class: 'muted' }, `${enumWord(level.kind, 'LEVEL_KIND_')} `), h('strong', null, lastPart(level.path)),
    level.alias ? h('span', { class: 'muted' }, ` (alias ${level.alias})`) : null) },
    { label: 'Upstream', value: (level) => level.upstream || '–' },
    { label: 'Models', value: (level) => (level.allowlist ? (level.allowlist.models || []).join(', ') || 'none'
      : 'inherited'), class: 'wrap' },
    { label: 'Tags', value: (level) => formatPairs(level.tags) || '–', class: 'wrap' },
    { label: 'Limits', value: (level) => limitsText(level.limits) || '–', class: 'wrap' },
    { label: 'Parameters', value: (level) => formatPairs(level.parameters) || '–', class: 'wrap' },
    { label: 'Source', value: (level) => enumWord(level.source, 'SOURCE_') },
    { label: 'Keys', value: (level) => (level.kind === 'LEVEL_KIND_ENDPOINT'
      ? formatCount(keyCounts.get(level.path) || 0) : ''), class: 'num' },
    { label: 'Actions', value: (level) => (level.kind === 'LEVEL_KIND_ENDPOINT'
      ? h('button', { type: 'button', dataset: { action: 'new-key', endpoint: level.path },
        on: { click: () => page.keyForm.startFor(level.path) } }, 'New key') : '') },
  ], page.levels, {
    caption: 'Outermost first; each endpoint takes the nearest upstream, models, tags and parameters above it',
    rowId: (level) => level.path,
    empty: 'No levels: config declares no tenants. Make a tenant, a team, a group and an endpoint below to '
      + 'issue keys.',
  });
}
