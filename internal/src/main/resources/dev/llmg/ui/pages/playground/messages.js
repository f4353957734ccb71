// The playground's list of messages: each with its role and text, a Remove button, and "Add a message" (which
// alternates the role). Every edit is saved at once.

import { h, replace, select } from '../../lib/dom.js';

/** The list (redrawn on each add or remove) and its Add button, editing state.messages; save() keeps them. */
export function messageEditor(state, save) {
  const messageList = h('div', { id: 'pg-messages', class: 'stack' });

  function drawMessages() {
    replace(messageList, state.messages.map((message, index) => {
      const role = select([['user', 'user'], ['assistant', 'assistant']], { id: `msg-role-${index}`,
        value: message.role, 'aria-label': `Message ${index + 1} role` });
      role.addEventListener('change', () => {
        message.role = role.value;
        save();
      });
      const text = h('textarea', { id: `msg-text-${index}`, class: 'message-text', rows: 3, value: message.text,
        'aria-label': `Message ${index + 1} text` });
      text.addEventListener('input', () => {
        message.text = text.value;
        save();
      });
      const remove = h('button', { type: 'button', class: 'danger', 'aria-label': `Remove message ${index + 1}`,
        disabled: state.messages.length === 1, on: { click: () => {
          state.messages.splice(index, 1);
          save();
          drawMessages();
          document.getElementById(`msg-text-${Math.max(0, index - 1)}`).focus();
        } } }, 'Remove');
      return h('div', { class: 'panel stack message-row', dataset: { index: String(index) } },
        h('div', { class: 'row' }, role, remove), text);
    }));
  }
  drawMessages();
  const addMessage = h('button', { type: 'button', id: 'add-message', on: { click: () => {
    const last = state.messages[state.messages.length - 1];
    state.messages.push({ role: last && last.role === 'user' ? 'assistant' : 'user', text: '' });
    save();
    drawMessages();
    document.getElementById(`msg-text-${state.messages.length - 1}`).focus();
  } } }, 'Add a message');
  return { list: messageList, addButton: addMessage };
}
