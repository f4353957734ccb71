// The key the dashboard calls the API with. It lives in session storage only: it is gone when the tab closes,
// and it is never written to local storage, a cookie or a URL.

const KEY_ITEM = 'llmg.key';

/** The stored key: null when none was chosen yet, '' when the operator chose to go on without one. */
export function storedKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

/** Keeps the key for this tab ('' to go on without one, for a gateway that does not require keys). */
export function keepKey(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

/** Forgets the key. */
export function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** A short, safe name of the key for the header: its prefix and last four characters, never the whole key. */
export function keyHint(key) {
  if (!key) return 'no key';
  return key.length > 12 ? `${key.slice(0, 5)}…${key.slice(-4)}` : 'key set';
}
