// A new key (created or rotated) shown this once, with a copy button.

import { facts, h } from '../../lib/dom.js';

/** A new key, shown this once, with a copy button and the warning that it will not be shown again. */
export function secretBox(key, apiKey, headline) {
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
