// The inferences page: recorded calls, filtered by what the address says (so a filtered view can be bookmarked),
// a page at a time (GET /api/v1/inferences, keyset pages: llmg never counts the matching rows, so there is no
// "page 3 of 40"); and one call's detail (GET /api/v1/inferences/{id}): why it was routed where it went, every
// attempt, usage, the structured-output verdict and, when they were recorded, the bodies.
// The list lives in inferences/list.js, the detail in inferences/detail.js.

import { renderDetail } from './inferences/detail.js';
import { renderList } from './inferences/list.js';

/** Draws the list, or one call's detail when the address names it (#/inferences/<id>). */
export async function render(ctx) {
  if (ctx.args.length > 0) {
    await renderDetail(ctx, ctx.args[0]);
    return;
  }
  await renderList(ctx);
}
