// The inferences list's filter form: the models and providers to choose from, and the time range in the reader's
// local time (the API takes UTC).

import { api } from '../../lib/api.js';
import { field, h, select } from '../../lib/dom.js';
import { listModels } from '../../lib/models.js';

/** The gRPC status code names a call can end with (the API's status filter takes them). */
const STATUS_CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND',
  'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];

/** "2026-12-03T06:00:00Z" → "2026-12-03T07:00" in the reader's local time, for a datetime-local input. */
function toLocalInput(timestamp) {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60e3);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value (local time) → RFC 3339 in UTC, as the API takes it; '' when empty. */
function fromLocalInput(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().replace(/\.000Z$/, 'Z');
}

/** Options of a filter select: "any" first, then the known values, then the address's value if unknown. */
function filterOptions(anyLabel, values, current) {
  const known = [...new Set(values)].sort();
  if (current && !known.includes(current)) known.push(current);
  return [['', anyLabel], ...known];
}

/** The models and providers the selects offer; a list that cannot be read offers none (the filter still works). */
export async function loadChoices(signal) {
  const [models, targets] = await Promise.allSettled([
    listModels(signal),
    api('/api/v1/routing/targets', { signal }),
  ]);
  return {
    models: models.status === 'fulfilled' ? models.value.map((model) => model.id) : [],
    providers: targets.status === 'fulfilled'
      ? (targets.value.targets || []).map((target) => (target.target || {}).provider).filter(Boolean) : [],
  };
}

/** The form; onApply(chosen) gets the filters chosen, as the address carries them. */
export function filterForm(filters, choices, onApply) {
  const model = select(filterOptions('Any model', choices.models, filters.model),
    { id: 'filter-model', name: 'model', value: filters.model || '' });
  const provider = select(filterOptions('Any provider', choices.providers, filters.provider),
    { id: 'filter-provider', name: 'provider', value: filters.provider || '' });
  const status = select(filterOptions('Any status', STATUS_CODES, filters.status ? filters.status.toUpperCase() : ''),
    { id: 'filter-status', name: 'status', value: filters.status ? filters.status.toUpperCase() : '' });
  const caller = h('input', { id: 'filter-caller', name: 'caller', type: 'text', value: filters.caller || '',
    autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. anonymous' });
  const structured = select([['', 'Any'], ['valid', 'valid'], ['repaired', 'repaired'], ['invalid', 'invalid']],
    { id: 'filter-structured', name: 'structured_status', value: (filters.structured_status || '').toLowerCase() });
  const customRange = !filters.range && (filters.start_time || filters.end_time);
  const range = select([['', 'Any time'], ['hour', 'Last hour'], ['day', 'Last day'], ['week', 'Last week'],
    ['custom', 'Custom…']],
  { id: 'filter-range', name: 'range', value: customRange ? 'custom' : (filters.range || '') });
  const start = h('input', { id: 'filter-start', name: 'start_time', type: 'datetime-local',
    value: toLocalInput(filters.start_time) });
  const end = h('input', { id: 'filter-end', name: 'end_time', type: 'datetime-local',
    value: toLocalInput(filters.end_time) });
  // The hidden attribute sits on a plain wrapper: a .row's display: flex would override it.
  const custom = h('div', { id: 'custom-range', hidden: range.value !== 'custom' },
    h('div', { class: 'row' }, field('From (local time)', start), field('Until (local time)', end)));
  range.addEventListener('change', () => {
    custom.hidden = range.value !== 'custom';
  });
  const form = h('form', { class: 'filters', id: 'inference-filters', role: 'search',
    'aria-label': 'Filter inferences', on: { submit: (event) => {
      event.preventDefault();
      const chosen = {
        model: model.value, provider: provider.value, status: status.value, caller: caller.value.trim(),
        structured_status: structured.value, page_size: filters.page_size,
      };
      if (range.value === 'custom') {
        chosen.start_time = fromLocalInput(start.value);
        chosen.end_time = fromLocalInput(end.value);
      } else {
        chosen.range = range.value;
      }
      onApply(chosen);
    } } },
  field('Model asked for', model), field('Provider', provider), field('Status', status), field('Caller', caller),
  field('Structured output', structured), field('Time', range), custom,
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Apply'),
    h('button', { type: 'button', id: 'clear-filters', on: { click: () => onApply({ page_size: filters.page_size }) } },
      'Clear')));
  return form;
}
