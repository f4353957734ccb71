// The playground's answer side: the answer as it comes (text, tool calls, parsed JSON), its status line and
// errors, and the panels of what llmg did (routing, usage, the call, structured output).

import { h, replace } from '../../lib/dom.js';
import { enumWord, prettyJson } from '../../lib/format.js';
import { gatewayFacts, routingView, structuredVerdict, usageView } from './side-panels.js';

function pending() {
  return h('p', { class: 'muted' }, 'Shown once an answer comes.');
}

/** The answer's elements; the show* methods fill them in as the answer arrives, reset() empties them. */
export class AnswerView {
  constructor() {
    this.answer = h('div', { class: 'answer message', id: 'answer', 'aria-live': 'polite', 'aria-busy': 'false' });
    this.status = h('p', { id: 'answer-status', class: 'muted' }, 'Nothing sent yet.');
    this.error = h('div', { id: 'answer-error' });
    this.toolCalls = h('div', { id: 'tool-calls' });
    this.parsed = h('div', { id: 'parsed' });
    this.routing = h('div', { id: 'routing' }, pending());
    this.usage = h('div', { id: 'usage' }, pending());
    this.gateway = h('div', { id: 'gateway' }, pending());
    this.structured = h('div', { id: 'structured' }, pending());
  }

  /** The answer panel and the panels beside it, in page order. */
  panels() {
    return [
      h('div', { class: 'panel' }, h('h2', null, 'Answer'), this.status, this.error, this.answer, this.toolCalls,
        this.parsed),
      h('div', { class: 'panel', id: 'gateway-panel' }, h('h2', null, 'The call'), this.gateway),
      h('div', { class: 'panel' }, h('h2', null, 'Routing decision'), this.routing),
      h('div', { class: 'panel' }, h('h2', null, 'Usage'), this.usage),
      h('div', { class: 'panel' }, h('h2', null, 'Structured output'), this.structured),
    ];
  }

  showGateway(gateway, usage) {
    gateway = gateway || {};
    replace(this.routing, routingView(gateway.routing));
    replace(this.usage, usageView(usage));
    replace(this.gateway, gatewayFacts(gateway));
    replace(this.structured, structuredVerdict(gateway.structuredOutput));
  }

  showToolCalls(calls) {
    const list = calls.filter(Boolean);
    replace(this.toolCalls, list.length ? [h('h3', null, 'Tool calls'), list.map((call) => h('div', {
      class: 'tool-call' }, h('div', null, h('strong', null, call.name || '?'),
      call.id ? h('span', { class: 'muted' }, ` · ${call.id}`) : null),
    h('pre', null, prettyJson(call.arguments))))] : []);
  }

  showParsed(value) {
    replace(this.parsed, value === undefined ? [] : [h('h3', null, 'Parsed JSON'),
      h('pre', { id: 'parsed-json' }, JSON.stringify(value, null, 2))]);
  }

  showStatus(text) {
    this.status.textContent = text;
  }

  showFinished(reason) {
    this.showStatus(reason ? `Finished: ${enumWord(reason, 'FINISH_REASON_')}.` : 'Finished.');
  }

  showError(...children) {
    replace(this.error, ...children);
  }

  /** Empties everything for a new call; text is the status line meanwhile. */
  reset(text) {
    replace(this.answer);
    replace(this.error);
    replace(this.toolCalls);
    replace(this.parsed);
    replace(this.routing, pending());
    replace(this.usage, pending());
    replace(this.gateway, pending());
    replace(this.structured, pending());
    this.showStatus(text);
  }

  setBusy(busy) {
    this.answer.setAttribute('aria-busy', busy ? 'true' : 'false');
  }
}
