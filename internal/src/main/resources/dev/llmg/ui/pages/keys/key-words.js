// How a key is named in sentences: "web app" (1a2b3c4d) of acme/web/prod/api.

/** The key's name (when it has one), hint and endpoint. */
export function describe(key) {
  if (!key) return '';
  return `${key.name ? `"${key.name}" ` : ''}(${key.hint}) of ${key.endpoint}`;
}
