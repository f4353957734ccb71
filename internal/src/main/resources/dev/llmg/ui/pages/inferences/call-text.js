// Words and classes for a recorded call that both the list and the detail use.

/** The status class of a call's gRPC status: OK is good, a cancelled call a warning, anything else bad. */
export function statusClass(status) {
  if (status === 'OK') return 'status-ok';
  if (status === 'CANCELLED') return 'status-warn';
  return 'status-bad';
}

/** What chose the model when the request named none: its conversation or its instruction. */
export function modelSource(inference) {
  if (inference.conversationId) return 'the conversation';
  if (inference.instructionName) return 'the instruction';
  return '';
}

/** "provider/model" of a target; "–" when there is none. */
export function targetText(target) {
  if (!target) return '–';
  return `${target.provider || '?'}/${target.model || '?'}`;
}
