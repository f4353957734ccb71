// One recorded call (GET /api/v1/inferences/{id}): why it was routed where it went, every attempt, usage, the
// structured-output verdict and, when they were recorded, the bodies.

import { api } from '../../lib/api.js';
import { errorBox, h, replace } from '../../lib/dom.js';
import { listModels } from '../../lib/models.js';
import { attemptsSection } from './attempts.js';
import { routingSection } from './routing-story.js';
import { bodySection, code, factsSection, structuredSection, usageSection } from './sections.js';

/** The model or group NAME as GET /api/v1/models lists it now; null when it is gone or cannot be read. */
async function currentModel(name, signal) {
  try {
    return (await listModels(signal)).find((model) => model.id === name) || null;
  } catch (error) {
    if (error.name !== 'AbortError') console.warn('the models could not be listed', error);
    return null;
  }
}

/** Draws the call the address names, or what went wrong reading it. */
export async function renderDetail(ctx, id) {
  const back = h('p', null, h('a', { href: '#/inferences', id: 'back-to-list' }, '← All inferences'));
  let answer;
  try {
    answer = await api(`/api/v1/inferences/${encodeURIComponent(id)}`, { signal: ctx.signal });
  } catch (error) {
    if (ctx.left || error.name === 'AbortError') return;
    replace(ctx.main, back, h('h1', null, error.status === 404 ? 'No such inference' : 'This inference could not '
      + 'be read'), errorBox(error), error.status === 404 ? h('p', { class: 'muted' }, 'Calls are recorded '
      + 'shortly after they end, and may be purged after tracking.retention.') : null);
    return;
  }
  if (ctx.left) return;
  const inference = answer.inference || {};
  const groupNow = inference.group ? await currentModel(inference.group, ctx.signal) : null;
  if (ctx.left) return;
  replace(ctx.main, back,
    h('h1', null, 'Inference ', code(inference.id || id)),
    h('div', { class: 'stack' },
      h('div', { class: 'grid' }, factsSection(inference), routingSection(inference, groupNow)),
      attemptsSection(inference),
      h('div', { class: 'grid' }, usageSection(inference), structuredSection(inference)),
      bodySection(inference)));
}
