// The playground: write a chat request (model or group, messages, parameters, tools, a response schema), send it
// through the public API (streamed over SSE by default, POST /api/v1/chat/completions:stream; whole with
// POST /api/v1/chat/completions), and see beside the answer what llmg did: the routing decision, usage, its own
// overhead and the structured-output verdict. The form is kept in session storage (never the key) so a reload
// does not lose it.

import { ApiError, api, streamEvents } from '../lib/api.js';
import { errorBox, facts, field, h, replace, select, table, tiles } from '../lib/dom.js';
import { enumWord, formatCount, formatDuration } from '../lib/format.js';

const STORE_ITEM = 'llmg.playground';
const POLICIES = [['', 'The model\'s configured policy'],
  ['STRUCTURED_OUTPUT_POLICY_VALIDATE', 'Validate (report only)'],
  ['STRUCTURED_OUTPUT_POLICY_REPAIR', 'Repair'], ['STRUCTURED_OUTPUT_POLICY_RETRY', 'Retry with corrections'],
  ['STRUCTURED_OUTPUT_POLICY_STRICT', 'Strict (fail when nothing fits)']];
const FORMATS = [['text', 'Free text'], ['json_object', 'Any JSON object'], ['json_schema', 'JSON fitting the schema']];

/** An error of the form itself, found before anything is sent (field: the id of the control to fix). */
class FormError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'FormError';
    this.field = field;
  }
}

function loadState() {
  try {
    const state = JSON.parse(sessionStorage.getItem(STORE_ITEM) || 'null');
    if (state && typeof state === 'object') return state;
  } catch {
    // A damaged saved form is forgotten.
  }
  return null;
}

function defaultState() {
  return {
    model: '', stream: true, system: '', messages: [{ role: 'user', text: '' }],
    temperature: '', topP: '', maxTokens: '', seed: '', stop: '', tools: '', format: 'text', schemaName: 'answer',
    schema: '', policy: '',
  };
}

/** The model select's options: each model with its availability, groups showing their strategy. */
function modelOptions(models, current) {
  const options = models.map((model) => {
    const group = (model.targets || []).length > 1 ? ` (group, ${model.strategy || 'group'})` : '';
    const availability = model.available ? '' : ` — unavailable${model.unavailableReason
      ? `: ${model.unavailableReason}` : ''}`;
    return [model.id, `${model.id}${group}${availability}`];
  });
  if (current && !models.some((model) => model.id === current)) options.push([current, `${current} (not listed)`]);
  return options;
}

/** Parses a number field; '' → undefined; anything else not a number → FormError. */
function numberOf(id, label, text, { integer = false } = {}) {
  const value = String(text || '').trim();
  if (!value) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new FormError(id, `${label} must be ${integer ? 'a whole number' : 'a number'}, not "${value}".`);
  }
  return number;
}

/** The tools field (a JSON array of function tools, llmg's or OpenAI's shape) → ChatRequest.tools. */
export function parseTools(text) {
  const value = String(text || '').trim();
  if (!value) return undefined;
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new FormError('tools', `Tools are not valid JSON: ${error.message}`);
  }
  if (!Array.isArray(parsed)) throw new FormError('tools', 'Tools must be a JSON array of function tools, e.g. '
    + '[{"name": "get_weather", "parameters": {"type": "object"}}].');
  return parsed.map((tool, index) => {
    const fn = tool && tool.type === 'function' && tool.function ? tool.function : tool;
    if (!fn || typeof fn !== 'object' || Array.isArray(fn)) {
      throw new FormError('tools', `Tool ${index + 1} must be an object.`);
    }
    if (typeof fn.name !== 'string' || !fn.name) throw new FormError('tools', `Tool ${index + 1} needs a "name".`);
    if (fn.parameters !== undefined && (typeof fn.parameters !== 'object' || fn.parameters === null
      || Array.isArray(fn.parameters))) {
      throw new FormError('tools', `Tool ${index + 1} ("${fn.name}"): "parameters" must be a JSON Schema object.`);
    }
    const result = { name: fn.name };
    if (fn.description) result.description = String(fn.description);
    if (fn.parameters) result.parameters = fn.parameters;
    if (fn.strict) result.strict = true;
    return result;
  });
}

/** The schema field → a JSON Schema object, or a FormError. */
function parseSchema(text) {
  const value = String(text || '').trim();
  if (!value) throw new FormError('schema', 'Write the JSON Schema the answer must fit, or choose another format.');
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new FormError('schema', `The response schema is not valid JSON: ${error.message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FormError('schema', 'The response schema must be a JSON object (a JSON Schema).');
  }
  return parsed;
}

/** The ChatRequest (proto3 JSON) the form describes; throws FormError for what must be fixed first. */
export function chatRequest(state) {
  if (!state.model) throw new FormError('pg-model', 'Choose a model.');
  const messages = [];
  if (state.system.trim()) messages.push({ role: 'ROLE_SYSTEM', content: [{ text: state.system }] });
  for (const message of state.messages) {
    if (!message.text.trim()) continue;
    messages.push({ role: message.role === 'assistant' ? 'ROLE_ASSISTANT' : 'ROLE_USER',
      content: [{ text: message.text }] });
  }
  if (!messages.some((message) => message.role !== 'ROLE_SYSTEM')) {
    throw new FormError('msg-text-0', 'Write at least one user or assistant message.');
  }
  const request = { model: state.model, messages };
  const temperature = numberOf('pg-temperature', 'Temperature', state.temperature);
  const topP = numberOf('pg-top-p', 'top_p', state.topP);
  const maxTokens = numberOf('pg-max-tokens', 'Max tokens', state.maxTokens, { integer: true });
  const seed = numberOf('pg-seed', 'Seed', state.seed, { integer: true });
  if (temperature !== undefined) request.temperature = temperature;
  if (topP !== undefined) request.topP = topP;
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  if (seed !== undefined) request.seed = String(seed);
  const stop = String(state.stop || '').split('\n').filter((line) => line !== '');
  if (stop.length) request.stop = stop;
  const tools = parseTools(state.tools);
  if (tools && tools.length) request.tools = tools;
  if (state.format === 'json_object') {
    request.responseFormat = { type: 'RESPONSE_FORMAT_TYPE_JSON_OBJECT' };
  } else if (state.format === 'json_schema') {
    request.responseFormat = { type: 'RESPONSE_FORMAT_TYPE_JSON_SCHEMA',
      jsonSchema: { name: (state.schemaName || '').trim() || 'answer', schema: parseSchema(state.schema) } };
  }
  if (state.policy) request.structuredOutput = { policy: state.policy };
  return request;
}

// ---------------------------------------------------------------------------------------------------------------
// What llmg said about the answer

function structuredVerdict(result) {
  if (!result) return h('p', { class: 'muted' }, 'The request asked for no JSON and had no tool calls.');
  const status = enumWord(result.status, 'STRUCTURED_OUTPUT_STATUS_') || 'unknown';
  const checks = result.checks || [];
  return h('div', null,
    facts([
      ['Status', h('span', { id: 'structured-status', class: status === 'valid' ? 'status-ok'
        : (status === 'repaired' ? 'status-warn' : 'status-bad') }, status)],
      ['Policy', enumWord(result.policy, 'STRUCTURED_OUTPUT_POLICY_') || '–'],
      ['Correction turns', String(result.corrections || 0)],
      ['Emulated', result.emulated ? 'yes: the target has no native structured output' : ''],
    ]),
    checks.length ? table([
      { label: 'Value', value: (check) => (check.toolName ? `tool call ${check.toolCall ?? ''} (${check.toolName})`
        : `choice ${check.choice || 0} content`) },
      { label: 'Status', value: (check) => enumWord(check.status, 'STRUCTURED_OUTPUT_STATUS_') },
      { label: 'Repairs', class: 'wrap', value: (check) => (check.repairs || []).join(', ') || '–' },
      { label: 'Errors', class: 'wrap', value: (check) => ((check.errors || []).length
        ? h('ul', null, check.errors.map((text) => h('li', null, text))) : '–') },
      { label: 'Cut off', value: (check) => (check.truncated ? 'yes' : 'no') },
    ], checks, { caption: 'Checks' }) : null);
}

function routingView(routing) {
  if (!routing) return h('p', { class: 'muted' }, 'No routing decision was returned.');
  const attempts = routing.attempts || [];
  const skipped = routing.skipped || [];
  return h('div', null,
    facts([
      ['Requested model', routing.requestedModel || '–'],
      ['Rule', routing.rule || 'none matched'],
      ['Routed to', routing.model || '–'],
      ['Strategy', routing.strategy || '–'],
      ['Fallbacks', (routing.fallbacks || []).join(' → ')],
      ['Summary', routing.summary || ''],
    ]),
    table([
      { label: '#', class: 'num', value: (attempt) => String(attempts.indexOf(attempt) + 1) },
      { label: 'Target', value: (attempt) => `${(attempt.target || {}).provider || '?'}/${(attempt.target || {}).model
        || '?'}` },
      { label: 'Outcome', value: (attempt) => h('span', { class: attempt.outcome === 'ATTEMPT_OUTCOME_SUCCEEDED'
        ? 'status-ok' : 'status-bad' }, enumWord(attempt.outcome, 'ATTEMPT_OUTCOME_') || '–') },
      { label: 'Latency', class: 'num', value: (attempt) => formatDuration(attempt.latency) },
      { label: 'Error', class: 'wrap', value: (attempt) => [attempt.errorKind, attempt.errorReason].filter(Boolean)
        .join(': ') || '–' },
    ], attempts, { caption: 'Attempts', empty: 'No attempt.' }),
    skipped.length ? table([
      { label: 'Skipped target', value: (skip) => `${(skip.target || {}).provider}/${(skip.target || {}).model}` },
      { label: 'Why', class: 'wrap', value: (skip) => skip.detail || skip.reason || '–' },
    ], skipped, { caption: 'Not tried' }) : null);
}

// ---------------------------------------------------------------------------------------------------------------
// The page

/** Draws the playground. */
export async function render(ctx) {
  let models = [];
  let modelsError = null;
  try {
    models = (await api('/api/v1/models', { query: { 'page.page_size': 1000 }, signal: ctx.signal })).models || [];
  } catch (error) {
    if (ctx.left || error.name === 'AbortError') return;
    modelsError = error;
  }
  if (ctx.left) return;
  const state = { ...defaultState(), ...(loadState() || {}) };
  // What was saved is read defensively: another version of the page may have saved another shape.
  state.messages = (Array.isArray(state.messages) ? state.messages : []).filter((message) => message
    && typeof message === 'object').map((message) => ({ role: message.role === 'assistant' ? 'assistant' : 'user',
    text: typeof message.text === 'string' ? message.text : '' }));
  if (state.messages.length === 0) state.messages = [{ role: 'user', text: '' }];
  if (!state.model) state.model = (models.find((model) => model.available) || models[0] || {}).id || '';

  const save = () => sessionStorage.setItem(STORE_ITEM, JSON.stringify(state));
  const bind = (control, key, read = () => control.value) => {
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

  // The form.
  const model = bind(select(modelOptions(models, state.model), { id: 'pg-model', name: 'model', value: state.model }),
    'model');
  const modelInfo = h('small', { id: 'model-info', class: 'muted', 'aria-live': 'polite' });
  const showModelInfo = () => {
    const chosen = models.find((entry) => entry.id === model.value);
    modelInfo.textContent = chosen ? modelDescription(chosen) : '';
  };
  model.addEventListener('change', showModelInfo);
  showModelInfo();
  const stream = bind(h('input', { id: 'pg-stream', type: 'checkbox', checked: state.stream }), 'stream',
    () => stream.checked);
  const system = bind(h('textarea', { id: 'pg-system', rows: 2, value: state.system,
    placeholder: 'Optional instructions for the model' }), 'system');
  const messageList = h('div', { id: 'pg-messages', class: 'stack' });
  const tools = bind(h('textarea', { id: 'tools', rows: 4, value: state.tools, spellcheck: 'false',
    'aria-describedby': 'tools-error', placeholder: '[{"name": "get_weather", "description": "…", '
    + '"parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}]' }), 'tools');
  const toolsError = h('div', { id: 'tools-error', role: 'alert' });
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
  const param = (id, key, label, attributes) => field(label, bind(h('input', { id, type: 'text', inputmode: 'decimal',
    value: state[key], size: 8, ...attributes }), key));
  const stop = bind(h('textarea', { id: 'pg-stop', rows: 2, value: state.stop, placeholder: 'One per line' }),
    'stop');

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

  // The answer.
  const answer = h('div', { class: 'answer message', id: 'answer', 'aria-live': 'polite', 'aria-busy': 'false' });
  const answerStatus = h('p', { id: 'answer-status', class: 'muted' }, 'Nothing sent yet.');
  const answerError = h('div', { id: 'answer-error' });
  const toolCallsBox = h('div', { id: 'tool-calls' });
  const parsedBox = h('div', { id: 'parsed' });
  const pending = () => h('p', { class: 'muted' }, 'Shown once an answer comes.');
  const routingBox = h('div', { id: 'routing' }, pending());
  const usageBox = h('div', { id: 'usage' }, pending());
  const gatewayBox = h('div', { id: 'gateway' }, pending());
  const structuredBox = h('div', { id: 'structured' }, pending());

  const send = h('button', { type: 'submit', class: 'primary', id: 'send' }, 'Send');
  const stopButton = h('button', { type: 'button', id: 'stop', disabled: true }, 'Stop');
  let running = null; // the AbortController of the call in flight

  function showGateway(gateway, usage) {
    gateway = gateway || {};
    replace(routingBox, routingView(gateway.routing));
    replace(usageBox, usage ? tiles([
      ['Input tokens', formatCount(usage.inputTokens), 'input'],
      ['Output tokens', formatCount(usage.outputTokens), 'output'],
      ['Total', formatCount(usage.totalTokens), 'total'],
      ['Cached input', formatCount(usage.cachedInputTokens), 'cached'],
      ['Reasoning', formatCount(usage.reasoningTokens), 'reasoning'],
    ]) : h('p', { class: 'muted' }, 'No usage was reported.'),
    usage && usage.estimated ? h('p', { class: 'muted' }, 'Estimated by llmg: the provider reported none.') : null);
    replace(gatewayBox, facts([
      ['Request id', gateway.requestId ? h('a', { id: 'request-id', href: `#/inferences/${encodeURIComponent(
        gateway.requestId)}` }, gateway.requestId) : ''],
      ['Served by', gateway.provider ? `${gateway.provider}/${gateway.model || '?'}` : ''],
      ['Attempts', gateway.attempts ? String(gateway.attempts) : ''],
      ['Gateway overhead', gateway.overhead ? h('span', { id: 'overhead' }, formatDuration(gateway.overhead)) : ''],
      ['Provider request id', gateway.providerRequestId || ''],
      ['Instruction', gateway.instruction ? `${gateway.instruction.name} v${gateway.instruction.version}` : ''],
    ]));
    replace(structuredBox, structuredVerdict(gateway.structuredOutput));
  }

  function showToolCalls(calls) {
    const list = calls.filter(Boolean);
    replace(toolCallsBox, list.length ? [h('h3', null, 'Tool calls'), list.map((call) => h('div', {
      class: 'tool-call' }, h('div', null, h('strong', null, call.name || '?'),
      call.id ? h('span', { class: 'muted' }, ` · ${call.id}`) : null),
    h('pre', null, prettyArguments(call.arguments))))] : []);
  }

  function showParsed(value) {
    replace(parsedBox, value === undefined ? [] : [h('h3', null, 'Parsed JSON'),
      h('pre', { id: 'parsed-json' }, JSON.stringify(value, null, 2))]);
  }

  function resetAnswer(text) {
    replace(answer);
    replace(answerError);
    replace(toolCallsBox);
    replace(parsedBox);
    replace(routingBox, pending());
    replace(usageBox, pending());
    replace(gatewayBox, pending());
    replace(structuredBox, pending());
    answerStatus.textContent = text;
  }

  function finishText(reason) {
    return reason ? `Finished: ${enumWord(reason, 'FINISH_REASON_')}.` : 'Finished.';
  }

  async function sendWhole(request, signal) {
    const response = await api('/api/v1/chat/completions', { method: 'POST', body: request, signal });
    const choice = (response.choices || [])[0] || {};
    const message = choice.message || {};
    answer.textContent = (message.content || []).map((part) => part.text || '').join('')
      || message.refusal || '';
    showToolCalls(message.toolCalls || []);
    showParsed(choice.parsed);
    showGateway(response.gateway, response.usage);
    answerStatus.textContent = finishText(choice.finishReason);
  }

  async function sendStreamed(request, signal) {
    const calls = [];
    let finish = '';
    let pieces = 0;
    let parsed;
    for await (const { event, data } of streamEvents('/api/v1/chat/completions:stream', request, { signal })) {
      if (event === 'done') break;
      if (event === 'error') {
        replace(answerError, errorBox(new ApiError(0, typeof data === 'object' ? data : { message: String(data) })));
        answerStatus.textContent = 'The stream failed after it started.';
        return;
      }
      for (const choice of data.choices || []) {
        if ((choice.index || 0) !== 0) continue;
        const delta = choice.delta || {};
        if (delta.content) answer.append(delta.content);
        if (delta.refusal) answer.append(delta.refusal);
        for (const piece of delta.toolCalls || []) {
          const call = calls[piece.index || 0] || (calls[piece.index || 0] = { id: '', name: '', arguments: '' });
          if (piece.id) call.id = piece.id;
          if (piece.name) call.name = piece.name;
          if (piece.arguments) call.arguments += piece.arguments;
        }
        if ((delta.toolCalls || []).length) showToolCalls(calls);
        if (choice.parsed !== undefined) parsed = choice.parsed;
        else if (choice.partial !== undefined) parsed = choice.partial;
        if (choice.finishReason) finish = choice.finishReason;
      }
      pieces += 1;
      answerStatus.textContent = `Streaming… ${pieces} piece${pieces === 1 ? '' : 's'}`;
      if (parsed !== undefined) showParsed(parsed);
      if (data.gateway || data.usage) showGateway(data.gateway, data.usage);
    }
    answerStatus.textContent = finishText(finish);
  }

  function fieldError(error) {
    replace(toolsError);
    replace(schemaError);
    if (!(error instanceof FormError)) return false;
    const box = errorBox(error);
    box.textContent = error.message;
    if (error.field === 'tools') replace(toolsError, box);
    else if (error.field === 'schema') replace(schemaError, box);
    else replace(answerError, box);
    const control = document.getElementById(error.field);
    if (control) control.focus();
    answerStatus.textContent = 'Not sent: fix the form first.';
    return true;
  }

  const form = h('form', { id: 'playground-form', class: 'stack', 'aria-label': 'Chat request', on: {
    submit: async (event) => {
      event.preventDefault();
      if (running) return;
      let request;
      replace(answerError);
      try {
        request = chatRequest(state);
      } catch (error) {
        if (fieldError(error)) return;
        throw error;
      }
      fieldError(null);
      resetAnswer(state.stream ? 'Waiting for the first piece…' : 'Waiting for the answer…');
      running = new AbortController();
      const stopOnLeave = () => running && running.abort();
      ctx.signal.addEventListener('abort', stopOnLeave);
      send.disabled = true;
      stopButton.disabled = false;
      answer.setAttribute('aria-busy', 'true');
      try {
        if (state.stream) await sendStreamed(request, running.signal);
        else await sendWhole(request, running.signal);
      } catch (error) {
        if (ctx.left) return;
        if (error.name === 'AbortError') {
          answerStatus.textContent = 'Stopped: the stream was cancelled.';
        } else {
          replace(answerError, errorBox(error));
          answerStatus.textContent = 'The request failed.';
        }
      } finally {
        ctx.signal.removeEventListener('abort', stopOnLeave);
        running = null;
        send.disabled = false;
        stopButton.disabled = true;
        answer.setAttribute('aria-busy', 'false');
      }
    },
  } },
  h('div', { class: 'row' }, field('Model or group', model),
    h('label', { class: 'check' }, stream, ' Stream the answer')),
  modelInfo,
  field('System prompt', system),
  h('fieldset', { class: 'stack' }, h('legend', null, 'Messages'), messageList, h('div', null, addMessage)),
  h('details', { id: 'pg-parameters' }, h('summary', null, 'Parameters'),
    h('div', { class: 'row' },
      param('pg-temperature', 'temperature', 'Temperature (0–2)'),
      param('pg-top-p', 'topP', 'top_p (0–1)'),
      param('pg-max-tokens', 'maxTokens', 'Max tokens', { inputmode: 'numeric' }),
      param('pg-seed', 'seed', 'Seed', { inputmode: 'numeric' })),
    field('Stop sequences', stop, 'One per line, up to four.')),
  h('details', { id: 'pg-tools', open: Boolean(state.tools) }, h('summary', null, 'Tools'),
    field('Tools (a JSON array of function tools)', tools,
      'Each {"name", "description", "parameters": JSON Schema}; OpenAI\'s {"type": "function", "function": {…}} '
      + 'works too.'),
    toolsError),
  h('details', { id: 'pg-format-section', open: state.format !== 'text' }, h('summary', null, 'Response format'),
    h('div', { class: 'row' }, field('Answer as', format), field('Structured-output policy', policy)),
    schemaFields),
  h('div', { class: 'row' }, send, stopButton, h('small', { class: 'muted' }, 'Ctrl+Enter sends.')));
  stopButton.addEventListener('click', () => {
    if (running) running.abort();
  });
  // Ctrl+Enter (or Cmd+Enter) sends from anywhere in the form, as in most chat tools.
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit(send);
    }
  });

  replace(ctx.main,
    h('h1', null, 'Playground'),
    modelsError ? errorBox(modelsError) : null,
    h('div', { class: 'split' },
      h('section', { class: 'panel', 'aria-label': 'Request' }, form),
      h('section', { class: 'stack', 'aria-label': 'Answer' },
        h('div', { class: 'panel' }, h('h2', null, 'Answer'), answerStatus, answerError, answer, toolCallsBox,
          parsedBox),
        h('div', { class: 'panel', id: 'gateway-panel' }, h('h2', null, 'The call'), gatewayBox),
        h('div', { class: 'panel' }, h('h2', null, 'Routing decision'), routingBox),
        h('div', { class: 'panel' }, h('h2', null, 'Usage'), usageBox),
        h('div', { class: 'panel' }, h('h2', null, 'Structured output'), structuredBox))));
}

/** A model's targets, strategy and availability in a line: what the select's label has no room for. */
function modelDescription(model) {
  const targets = (model.targets || []).map((target) => `${target.provider}/${target.model}`);
  const serving = targets.length > 1 ? `a group of ${targets.join(', ')} (${model.strategy || 'weighted'})`
    : `served by ${targets[0] || `${model.provider}/${model.providerModel}`}`;
  const fallbacks = (model.fallbacks || []).length ? `; falls back to ${model.fallbacks.join(', ')}` : '';
  const availability = model.available ? 'available' : `unavailable: ${model.unavailableReason || 'no reason given'}`;
  return `${model.id}: ${serving}${fallbacks}; ${availability}.`;
}

function prettyArguments(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text || '';
  }
}
