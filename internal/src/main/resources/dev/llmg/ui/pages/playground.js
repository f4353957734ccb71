// The playground: write a chat request (model or group, messages, parameters, tools, a response schema), send it
// through the public API (streamed over SSE by default, POST /api/v1/chat/completions:stream; whole with
// POST /api/v1/chat/completions), and see beside the answer what llmg did: the routing decision, usage, its own
// overhead and the structured-output verdict. The form is kept in session storage (never the key) so a reload
// does not lose it. This module draws the page and runs a call; the parts live in playground/.

import { errorBox, h, replace } from '../lib/dom.js';
import { listModels } from '../lib/models.js';
import { AnswerView } from './playground/answer.js';
import { requestForm } from './playground/form.js';
import { FormError, chatRequest } from './playground/request.js';
import { restoredState, saveState } from './playground/saved-form.js';
import { sendStreamed, sendWhole } from './playground/sending.js';

export { chatRequest, parseTools } from './playground/request.js';

/** Draws the playground. */
export async function render(ctx) {
  let models = [];
  let modelsError = null;
  try {
    models = await listModels(ctx.signal);
  } catch (error) {
    if (ctx.left || error.name === 'AbortError') return;
    modelsError = error;
  }
  if (ctx.left) return;
  const state = restoredState(models);
  const view = new AnswerView();
  let running = null; // the AbortController of the call in flight

  /** Shows a FormError beside the control to fix (and focuses it); false for any other error. */
  function fieldError(error) {
    replace(form.toolsError);
    replace(form.schemaError);
    if (!(error instanceof FormError)) return false;
    const box = errorBox(error);
    box.textContent = error.message;
    if (error.field === 'tools') replace(form.toolsError, box);
    else if (error.field === 'schema') replace(form.schemaError, box);
    else view.showError(box);
    const control = document.getElementById(error.field);
    if (control) control.focus();
    view.showStatus('Not sent: fix the form first.');
    return true;
  }

  async function submit(event) {
    event.preventDefault();
    if (running) return;
    let request;
    view.showError();
    try {
      request = chatRequest(state);
    } catch (error) {
      if (fieldError(error)) return;
      throw error;
    }
    fieldError(null);
    view.reset(state.stream ? 'Waiting for the first piece…' : 'Waiting for the answer…');
    running = new AbortController();
    const stopOnLeave = () => running && running.abort();
    ctx.signal.addEventListener('abort', stopOnLeave);
    form.send.disabled = true;
    form.stopButton.disabled = false;
    view.setBusy(true);
    try {
      if (state.stream) await sendStreamed(request, running.signal, view);
      else await sendWhole(request, running.signal, view);
    } catch (error) {
      if (ctx.left) return;
      if (error.name === 'AbortError') {
        view.showStatus('Stopped: the stream was cancelled.');
      } else {
        view.showError(errorBox(error));
        view.showStatus('The request failed.');
      }
    } finally {
      ctx.signal.removeEventListener('abort', stopOnLeave);
      running = null;
      form.send.disabled = false;
      form.stopButton.disabled = true;
      view.setBusy(false);
    }
  }

  const form = requestForm(state, models, () => saveState(state), submit);
  form.stopButton.addEventListener('click', () => {
    if (running) running.abort();
  });
  replace(ctx.main,
    h('h1', null, 'Playground'),
    modelsError ? errorBox(modelsError) : null,
    h('div', { class: 'split' },
      h('section', { class: 'panel', 'aria-label': 'Request' }, form.element),
      h('section', { class: 'stack', 'aria-label': 'Answer' }, view.panels())));
}
