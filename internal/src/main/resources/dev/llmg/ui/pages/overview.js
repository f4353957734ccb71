// The overview page (being written).

import { h, replace } from '../lib/dom.js';

/** Draws the page into ctx.main. */
export async function render(ctx) {
  replace(ctx.main, h('h1', null, 'overview'));
}
