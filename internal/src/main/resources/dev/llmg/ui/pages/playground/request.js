// The ChatRequest (proto3 JSON) the playground's form describes, checked before anything is sent: a mistake in
// the form is a FormError naming the control to fix, not a round trip to the gateway.

/** An error of the form itself, found before anything is sent (field: the id of the control to fix). */
export class FormError extends Error {
  constructor(field, message) {
    super(message);
    this.name = 'FormError';
    this.field = field;
  }
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
