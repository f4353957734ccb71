// The attempts table of one call: every provider attempt in order, with its outcome, timings and errors.

import { h, table } from '../../lib/dom.js';
import { enumWord, formatDuration } from '../../lib/format.js';
import { targetText } from './call-text.js';

function outcomeClass(outcome) {
  if (outcome === 'ATTEMPT_OUTCOME_SUCCEEDED') return 'status-ok';
  if (outcome === 'ATTEMPT_OUTCOME_CANCELLED' || outcome === 'ATTEMPT_OUTCOME_REJECTED') return 'status-warn';
  return 'status-bad';
}

const ATTEMPT_COLUMNS = [
  { label: '#', class: 'num', value: (row) => String(row.number || '') },
  { label: 'Target', value: (row) => targetText(row.target) },
  { label: 'Outcome', value: (row) => h('span', { class: outcomeClass(row.outcome) },
    enumWord(row.outcome, 'ATTEMPT_OUTCOME_') || '–') },
  { label: 'Error kind', value: (row) => row.errorKind || '–' },
  { label: 'Reason', class: 'wrap', value: (row) => row.errorReason || '–' },
  { label: 'Latency', class: 'num', value: (row) => formatDuration(row.latency) },
  { label: 'Backoff', class: 'num', value: (row) => (parseFloat(row.backoff || '0') > 0 ? formatDuration(row.backoff)
    : 'none') },
  { label: 'Provider status', class: 'num', value: (row) => (row.providerStatus ? String(row.providerStatus) : '–') },
  { label: 'Provider request id', value: (row) => row.providerRequestId || '–' },
  { label: 'Structured', value: (row) => row.structuredStatus || '–' },
  { label: 'Structured errors', class: 'wrap', value: (row) => ((row.structuredErrors || []).length
    ? h('ul', null, row.structuredErrors.map((text) => h('li', null, text))) : '–') },
];

/** The "Attempts" section. */
export function attemptsSection(inference) {
  return h('section', { id: 'inference-attempts', 'aria-labelledby': 'attempts-title' },
    h('h2', { id: 'attempts-title' }, 'Attempts'),
    table(ATTEMPT_COLUMNS, inference.attempts || [], {
      caption: `${(inference.attempts || []).length} provider attempt(s), in order`,
      rowId: (row) => String(row.number),
      empty: 'No provider was tried.',
    }));
}
