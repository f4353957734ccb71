// The story of one call's routing, told from its record: what was asked for, the rule and group, every attempt
// in words, and (as a hint marked as today's) how the group routes now.

import { h } from '../../lib/dom.js';
import { enumWord, formatDuration } from '../../lib/format.js';
import { modelSource, targetText } from './call-text.js';

/** The sentences that say why the call went where it did (groupNow: its group as listed now, if known). */
function routingWhy(inference, groupNow) {
  const requested = inference.requestedModel;
  const group = inference.group || requested || '(none)';
  const attempts = inference.attempts || [];
  const why = [];
  if (!inference.requestedModel) {
    why.push(`The request named no model: ${modelSource(inference) || 'routing'} chose ${group}.`);
  } else if (inference.rule) {
    why.push(`Routing rule "${inference.rule}" matched the request for ${requested} and sent it to ${group}.`);
  } else if (group !== requested) {
    why.push(`The request for ${requested} was served from ${group}.`);
  } else {
    why.push(`No routing rule matched: ${requested} was used as asked.`);
  }
  if (attempts.length === 0) {
    why.push(inference.status === 'OK' ? 'No provider attempt was recorded.'
      : 'No provider was tried: the call was refused before routing reached one.');
  }
  attempts.forEach((attempt, index) => {
    const target = targetText(attempt.target);
    const outcome = enumWord(attempt.outcome, 'ATTEMPT_OUTCOME_') || 'unknown';
    const backoff = attempt.backoff && parseFloat(attempt.backoff) > 0
      ? ` after waiting ${formatDuration(attempt.backoff)}` : '';
    const error = attempt.errorKind ? ` (${attempt.errorKind}${attempt.errorReason ? `: ${attempt.errorReason}` : ''})`
      : '';
    const position = index === 0 ? 'First' : (index === attempts.length - 1 ? 'Last' : `Attempt ${index + 1}`);
    why.push(`${attempts.length === 1 ? 'The only attempt' : position}: ${target}${backoff}, ${outcome}${error}.`);
  });
  if (attempts.length > 1) {
    let retries = 0;
    let moves = 0;
    attempts.slice(1).forEach((attempt, index) => {
      if (targetText(attempt.target) === targetText(attempts[index].target)) retries += 1;
      else moves += 1;
    });
    const parts = [];
    if (retries) parts.push(`retried the same target ${retries} time${retries === 1 ? '' : 's'}`);
    if (moves) parts.push(`moved on to another target ${moves} time${moves === 1 ? '' : 's'}`);
    why.push(`Routing ${parts.join(' and ')}.`);
  }
  if (groupNow && attempts.length) {
    const own = new Set((groupNow.targets || []).map(targetText));
    const outside = [...new Set(attempts.map((attempt) => targetText(attempt.target)))]
      .filter((target) => !own.has(target));
    if (outside.length) {
      why.push(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not among ${group}'s targets now: `
        + `a fallback model's${(groupNow.fallbacks || []).length ? ` (its fallbacks: ${groupNow.fallbacks.join(', ')})`
          : ''}, or the configuration changed since.`);
    }
  }
  return why;
}

/** How the call's group routes now (the record keeps no strategy): a hint, marked as today's configuration. */
function groupNowText(group, model) {
  const targets = (model.targets || []).map(targetText);
  const fallbacks = (model.fallbacks || []).length ? `; then its fallbacks ${model.fallbacks.join(', ')}` : '';
  if (targets.length === 1) return `As configured now, ${group} is served by ${targets[0]}${fallbacks}.`;
  return `As configured now, ${group} orders its targets (${targets.join(', ')}) by ${model.strategy
    || 'its strategy'}${fallbacks}.`;
}

/** The "Routing decision" panel: the steps from the model asked for to the target that served it, and why. */
export function routingSection(inference, groupNow) {
  const requested = inference.requestedModel
    || (modelSource(inference) ? `no model (${modelSource(inference)} chose)` : 'no model');
  const steps = [
    ['asked for', requested],
    ['rule', inference.rule || 'none matched'],
    ['group', inference.group || requested],
    ['served by', inference.provider ? `${inference.provider}/${inference.model || '?'}` : 'no provider'],
  ];
  return h('section', { class: 'panel', id: 'inference-routing', 'aria-labelledby': 'routing-title' },
    h('h2', { id: 'routing-title' }, 'Routing decision'),
    h('p', { id: 'route-steps' }, steps.map(([term, value], index) => [
      index > 0 ? h('span', { 'aria-hidden': 'true', class: 'muted' }, ' → ') : null,
      h('span', { class: 'muted' }, `${term} `), h('strong', null, value)])),
    h('ul', { id: 'route-why' }, routingWhy(inference, groupNow).map((sentence) => h('li', null, sentence))),
    groupNow ? h('p', { id: 'group-now', class: 'muted' }, groupNowText(inference.group, groupNow)) : null);
}
