// Sending the playground's request through the public API and showing the answer as it comes: whole with
// POST /api/v1/chat/completions, or streamed over SSE with POST /api/v1/chat/completions:stream.

import { ApiError, api, streamEvents } from '../../lib/api.js';
import { errorBox } from '../../lib/dom.js';

/** Sends request and shows the whole answer in view once it has come. */
export async function sendWhole(request, signal, view) {
  const response = await api('/api/v1/chat/completions', { method: 'POST', body: request, signal });
  const choice = (response.choices || [])[0] || {};
  const message = choice.message || {};
  view.answer.textContent = (message.content || []).map((part) => part.text || '').join('')
    || message.refusal || '';
  view.showToolCalls(message.toolCalls || []);
  view.showParsed(choice.parsed);
  view.showGateway(response.gateway, response.usage);
  view.showFinished(choice.finishReason);
}

/** Sends request as a stream and shows each piece in view as it comes (the first choice only). */
export async function sendStreamed(request, signal, view) {
  const calls = [];
  let finish = '';
  let pieces = 0;
  let parsed;
  for await (const { event, data } of streamEvents('/api/v1/chat/completions:stream', request, { signal })) {
    if (event === 'done') break;
    if (event === 'error') {
      view.showError(errorBox(new ApiError(0, typeof data === 'object' ? data : { message: String(data) })));
      view.showStatus('The stream failed after it started.');
      return;
    }
    for (const choice of data.choices || []) {
      if ((choice.index || 0) !== 0) continue;
      const delta = choice.delta || {};
      if (delta.content) view.answer.append(delta.content);
      if (delta.refusal) view.answer.append(delta.refusal);
      for (const piece of delta.toolCalls || []) {
        const call = calls[piece.index || 0] || (calls[piece.index || 0] = { id: '', name: '', arguments: '' });
        if (piece.id) call.id = piece.id;
        if (piece.name) call.name = piece.name;
        if (piece.arguments) call.arguments += piece.arguments;
      }
      if ((delta.toolCalls || []).length) view.showToolCalls(calls);
      if (choice.parsed !== undefined) parsed = choice.parsed;
      else if (choice.partial !== undefined) parsed = choice.partial;
      if (choice.finishReason) finish = choice.finishReason;
    }
    pieces += 1;
    view.showStatus(`Streaming… ${pieces} piece${pieces === 1 ? '' : 's'}`);
    if (parsed !== undefined) view.showParsed(parsed);
    if (data.gateway || data.usage) view.showGateway(data.gateway, data.usage);
  }
  view.showFinished(finish);
}
