// The playground's form, kept in session storage (never the key) so that a reload does not lose it.

const STORE_ITEM = 'llmg.playground';

/** The form as saved in this tab, or null. */
function loadState() {
  try {
    const state = JSON.parse(sessionStorage.getItem(STORE_ITEM) || 'null');
    if (state && typeof state === 'object') return state;
  } catch {
    // A damaged saved form is forgotten.
  }
  return null;
}

/** An empty form: one user message, a streamed answer in free text. */
function defaultState() {
  return {
    model: '', stream: true, system: '', messages: [{ role: 'user', text: '' }],
    temperature: '', topP: '', maxTokens: '', seed: '', stop: '', tools: '', format: 'text', schemaName: 'answer',
    schema: '', policy: '',
  };
}

/**
 * The form as last saved, over the defaults; the model defaults to the first available one. What was saved is
 * read defensively: another version of the page may have saved another shape.
 */
export function restoredState(models) {
  const state = { ...defaultState(), ...(loadState() || {}) };
  state.messages = (Array.isArray(state.messages) ? state.messages : []).filter((message) => message
    && typeof message === 'object').map((message) => ({ role: message.role === 'assistant' ? 'assistant' : 'user',
    text: typeof message.text === 'string' ? message.text : '' }));
  if (state.messages.length === 0) state.messages = [{ role: 'user', text: '' }];
  if (!state.model) state.model = (models.find((model) => model.available) || models[0] || {}).id || '';
  return state;
}

/** Saves the form for the next load of the page in this tab. */
export function saveState(state) {
  sessionStorage.setItem(STORE_ITEM, JSON.stringify(state));
}
