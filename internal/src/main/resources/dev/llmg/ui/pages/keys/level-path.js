// Level paths ("acme/web/prod/api"): how deep a level sits and its own name.

/** How many levels sit above this one (0 for a tenant). */
export function depth(path) {
  return String(path).split('/').length - 1;
}

/** The level's own name: the last part of its path. */
export function lastPart(path) {
  const parts = String(path).split('/');
  return parts[parts.length - 1];
}
