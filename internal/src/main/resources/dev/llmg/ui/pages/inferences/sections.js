// The panels of one call's detail besides routing and attempts: the call's facts, its usage, the
// structured-output verdict and, when they were recorded, the bodies.

import { facts, h, tiles } from '../../lib/dom.js';
import { formatCount, formatDuration, formatTime, formatUsd, prettyJson } from '../../lib/format.js';
import { statusClass } from './call-text.js';

/** Text set in code type (ids). */
export function code(text) {
  return h('code', null, text);
}

/** The "The call" panel: ids, times, status, latency and what the call belongs to. */
export function factsSection(inference) {
  const instruction = inference.instructionName
    ? `${inference.instructionName}${inference.instructionVersion ? ` v${inference.instructionVersion}` : ''}` : '';
  return h('section', { class: 'panel', id: 'inference-facts', 'aria-labelledby': 'facts-title' },
    h('h2', { id: 'facts-title' }, 'The call'),
    facts([
      ['Request id', code(inference.id)],
      ['Started', formatTime(inference.startTime)],
      ['Caller', inference.caller || '–'],
      ['Surface', inference.surface || '–'],
      ['Operation', inference.operation || '–'],
      ['Streamed', inference.streamed ? 'yes' : 'no'],
      ['Status', h('span', { class: statusClass(inference.status || 'OK'), id: 'inference-status' },
        inference.status || 'OK')],
      ['Error', inference.errorKind || inference.errorMessage
        ? h('span', { class: 'status-bad' }, [inference.errorKind, inference.errorMessage].filter(Boolean).join(': '))
        : ''],
      ['Finish reason', inference.finishReason || ''],
      ['Latency', formatDuration(inference.latency)],
      ['Time to first piece', inference.timeToFirstPiece ? formatDuration(inference.timeToFirstPiece) : ''],
      ['Gateway overhead', formatDuration(inference.overhead)],
      ['Trace', inference.traceId ? h('span', null, 'trace ', code(inference.traceId)) : ''],
      ['Conversation', inference.conversationId
        ? h('a', { href: `#/conversations/${encodeURIComponent(inference.conversationId)}` },
          inference.conversationId) : ''],
      ['Instruction', instruction],
    ]));
}

/** The "Usage" panel: tokens and cost, or why there are none. */
export function usageSection(inference) {
  const usage = inference.usage;
  return h('section', { class: 'panel', id: 'inference-usage', 'aria-labelledby': 'usage-title' },
    h('h2', { id: 'usage-title' }, 'Usage'),
    usage ? tiles([
      ['Input tokens', formatCount(usage.inputTokens), 'input'],
      ['Output tokens', formatCount(usage.outputTokens), 'output'],
      ['Cached input', formatCount(usage.cachedInputTokens), 'cached'],
      ['Reasoning', formatCount(usage.reasoningTokens), 'reasoning'],
      ['Cost', formatUsd(inference.costUsd), 'cost'],
    ]) : h('p', { class: 'muted' }, 'No usage was reported or estimated for this call.'),
    usage && inference.costUsd === undefined
      ? h('p', { class: 'muted' }, 'The cost is unknown: no price is configured for this model.') : null);
}

/** The "Structured output" panel: the verdict, policy, repairs and correction turns. */
export function structuredSection(inference) {
  if (!inference.structuredStatus) {
    return h('section', { class: 'panel', id: 'inference-structured', 'aria-labelledby': 'structured-title' },
      h('h2', { id: 'structured-title' }, 'Structured output'),
      h('p', { class: 'muted' }, 'The call asked for no JSON and had no tool calls.'));
  }
  const status = inference.structuredStatus;
  return h('section', { class: 'panel', id: 'inference-structured', 'aria-labelledby': 'structured-title' },
    h('h2', { id: 'structured-title' }, 'Structured output'),
    facts([
      ['Status', h('span', { class: status === 'invalid' ? 'status-bad' : (status === 'repaired' ? 'status-warn'
        : 'status-ok') }, status)],
      ['Policy', inference.structuredPolicy || '–'],
      ['Repairs', (inference.structuredRepairs || []).join(', ') || 'none'],
      ['Correction turns', String(inference.structuredCorrections || 0)],
    ]));
}

/** The "Bodies" panel: the request and response as recorded (only with tracking.capture_bodies on). */
export function bodySection(inference) {
  const parts = [h('h2', { id: 'bodies-title' }, 'Bodies')];
  if (!inference.requestBody && !inference.responseBody) {
    parts.push(h('p', { class: 'muted', id: 'bodies-off' }, 'No body was recorded for this call: the gateway keeps '
      + 'them only when tracking.capture_bodies is on (and never for streamed answers).'));
  } else {
    parts.push(h('h3', null, 'Request'), inference.requestBody
      ? h('pre', { id: 'request-body' }, prettyJson(inference.requestBody))
      : h('p', { class: 'muted' }, 'Not recorded.'));
    parts.push(h('h3', null, 'Response'), inference.responseBody
      ? h('pre', { id: 'response-body' }, prettyJson(inference.responseBody))
      : h('p', { class: 'muted' }, 'Not recorded (streamed answers are not kept).'));
  }
  return h('section', { class: 'panel', id: 'inference-bodies', 'aria-labelledby': 'bodies-title' }, parts);
}
