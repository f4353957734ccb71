// The playground's request form: model or group, streaming, system prompt, messages, parameters, tools and the
// response format. Each control writes its value into state as it changes (and saves it); the request itself is
// built from state when the form is sent (request.js).

import { field, h, select } from '../../lib/dom.js';
import { messageEditor } from './messages.js';
import { modelDescription, modelOptions } from './models.js';

const POLICIES = [['', 'The model\'s configured policy'],
  ['STRUCTURED_OUTPUT_POLICY_VALIDATE', 'Validate (report only)'],
  ['STRUCTURED_OUTPUT_POLICY_REPAIR', 'Repair'], ['STRUCTURED_OUTPUT_POLICY_RETRY', 'Retry with corrections'],
  ['STRUCTURED_OUTPUT_POLICY_STRICT', 'Strict (fail when nothing fits)']];
const FORMATS = [['text', 'Free text'], ['json_object', 'Any JSON object'], ['json_schema', 'JSON fitting the schema']];

/** A function that makes a control write its value (read()) into state[key] on each input or change, and save. */
function binder(state, save) {
  return (control, key, read = () => control.value) => {
    control.addEventListener('input', () => {
      state[key] = read();
      save();
    });
    control.addEventListener('change', () => {
      state[key] = read();
      save();
    });
    return control;
  };
}

/** The model select and the line below it that describes the model chosen. */
function modelControls(state, models, bind) {
  const model = bind(select(modelOptions(models, state.model), { id: 'pg-model', name: 'model', value: state.model }),
    'model');
  const modelInfo = h('small', { id: 'model-info', class: 'muted', 'aria-live': 'polite' });
  const showModelInfo = () => {
    const chosen = models.find((entry) => entry.id === model.value);
    modelInfo.textContent = chosen ? modelDescription(chosen) : '';
  };
  model.addEventListener('change', showModelInfo);
  showModelInfo();
  return { model, modelInfo };
}

/** The "Parameters" section: sampling numbers and stop sequences. */
function parametersSection(state, bind) {
  const param = (id, key, label, attributes) => field(label, bind(h('input', { id, type: 'text', inputmode: 'decimal',
    value: state[key], size: 8, ...attributes }), key));
  const stop = bind(h('textarea', { id: 'pg-stop', rows: 2, value: state.stop, placeholder: 'One per line' }),
    'stop');
  return h('details', { id: 'pg-parameters' }, h('summary', null, 'Parameters'),
    h('div', { class: 'row' },
      param('pg-temperature', 'temperature', 'Temperature (0–2)'),
      param('pg-top-p', 'topP', 'top_p (0–1)'),
      param('pg-max-tokens', 'maxTokens', 'Max tokens', { inputmode: 'numeric' }),
      param('pg-seed', 'seed', 'Seed', { inputmode: 'numeric' })),
    field('Stop sequences', stop, 'One per line, up to four.'));
}

/** The "Tools" section and the box for what is wrong with the tools. */
function toolsSection(state, bind) {
  const tools = bind(h('textarea', { id: 'tools', rows: 4, value: state.tools, spellcheck: 'false',
    'aria-describedby': 'tools-error', placeholder: '[{"name": "get_weather", "description": "…", '
    + '"parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]' }), 'tools');
  const toolsError = h('div', { id: 'tools-error', role: 'alert' });
  const section = h('details', { id: 'pg-tools', open: Boolean(state.tools) }, h('summary', null, 'Tools'),
    field('Tools (a JSON array of function tools)', tools,
      'Each {"name", "description", "parameters": JSON Schema}; OpenAI\'s {"type": "function", "function": {…}} '
      + 'works too.'),
    toolsError);
  return { section, toolsError };
}

/** The "Response format" section (the schema fields shown only for JSON fitting a schema) and its error box. */
function formatSection(state, bind) {
  const format = bind(select(FORMATS, { id: 'pg-format', value: state.format }), 'format');
  const schemaName = bind(h('input', { id: 'pg-schema-name', type: 'text', value: state.schemaName,
    spellcheck: 'false' }), 'schemaName');
  const schema = bind(h('textarea', { id: 'schema', rows: 5, value: state.schema, spellcheck: 'false',
    'aria-describedby': 'schema-error', placeholder: '{"type": "object", "properties": {"answer": '
    + '{"type": "string"}}, "required": ["answer"]}' }), 'schema');
  const schemaError = h('div', { id: 'schema-error', role: 'alert' });
  const policy = bind(select(POLICIES, { id: 'pg-policy', value: state.policy }), 'policy');
  // The hidden attribute sits on a plain wrapper: a .stack's display: flex would override it.
  const schemaFields = h('div', { id: 'schema-fields' }, h('div', { class: 'stack' }, field('Schema name',
    schemaName), field('Response schema (JSON Schema)', schema), schemaError));
  const showSchema = () => {
    schemaFields.hidden = format.value !== 'json_schema';
  };
  format.addEventListener('change', showSchema);
  showSchema();
  const section = h('details', { id: 'pg-format-section', open: state.format !== 'text' },
    h('summary', null, 'Response format'),
    h('div', { class: 'row' }, field('Answer as', format), field('Structured-output policy', policy)),
    schemaFields);
  return { section, schemaError };
}

/**
 * The form's element and the parts the page drives: the Send and Stop buttons and the boxes for errors in the
 * tools and schema fields. onSubmit(event) runs when the form is sent (Send, Enter, or Ctrl+Enter anywhere).
 */
export function requestForm(state, models, save, onSubmit) {
  const bind = binder(state, save);
  const { model, modelInfo } = modelControls(state, models, bind);
  const stream = bind(h('input', { id: 'pg-stream', type: 'checkbox', checked: state.stream }), 'stream',
    () => stream.checked);
  const system = bind(h('textarea', { id: 'pg-system', rows: 2, value: state.system,
    placeholder: 'Optional instructions for the model' }), 'system');
  const messages = messageEditor(state, save);
  const tools = toolsSection(state, bind);
  const format = formatSection(state, bind);
  const send = h('button', { type: 'submit', class: 'primary', id: 'send' }, 'Send');
  const stopButton = h('button', { type: 'button', id: 'stop', disabled: true }, 'Stop');
  const form = h('form', { id: 'playground-form', class: 'stack', 'aria-label': 'Chat request',
    on: { submit: onSubmit } },
  h('div', { class: 'row' }, field('Model or group', model),
    h('label', { class: 'check' }, stream, ' Stream the answer')),
  modelInfo,
  field('System prompt', system),
  h('fieldset', { class: 'stack' }, h('legend', null, 'Messages'), messages.list, h('div', null,
    messages.addButton)),
  parametersSection(state, bind),
  tools.section,
  format.section,
  h('div', { class: 'row' }, send, stopButton, h('small', { class: 'muted' }, 'Ctrl+Enter sends.')));
  // Ctrl+Enter (or Cmd+Enter) sends from anywhere in the form, as in most chat tools.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(send);
    }
  });
  return { element: form, send, stopButton, toolsError: tools.toolsError, schemaError: format.schemaError };
}
