// What the keys page shows a key that may not use the admin API: why, in the gateway's own words, and what to do.

import { errorBox, h, replace } from '../../lib/dom.js';

/** The page shown to a key that may not use the admin API. */
export function needsAdmin(ctx, error) {
  replace(ctx.main, h('section', { class: 'narrow', id: 'needs-admin', 'aria-labelledby': 'needs-admin-title' },
    h('h1', { id: 'needs-admin-title' }, 'This page needs an admin key'),
    h('p', null, 'Keys and tenants are managed through the admin API (/api/v1/admin), which takes only the keys '
      + 'listed in auth.admin_keys. The key in use is not one of them, so the gateway refused:'),
    errorBox(error),
    h('p', null, 'Use "Forget key" at the top and sign in with an admin key to manage tenants, teams, groups, '
      + 'endpoints and keys. Everything else in the dashboard works with this key.')));
}
