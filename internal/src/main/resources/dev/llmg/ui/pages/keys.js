// The keys and tenants page (#/keys, admin keys only): the grouping (tenants > teams > groups > endpoints) with
// each level's own settings, the keys with their last day's usage and the limits in force, and the actions an
// operator needs: make a level, issue a key (shown once, with a copy button), revoke one (after a confirm step in
// the page), rotate one (the new key shown once the same way). Any other key gets a page saying it needs an admin
// key, from the API's own 403. The parts live in keys/.

import { needsAdmin } from './keys/needs-admin.js';
import { KeysPage } from './keys/page.js';

/** Draws the page into ctx.main. */
export async function render(ctx) {
  const page = new KeysPage(ctx);
  try {
    await page.load();
  } catch (error) {
    if (error.status === 403) {
      if (!ctx.left) needsAdmin(ctx, error);
      return;
    }
    throw error;
  }
  if (!ctx.left) page.start();
}
