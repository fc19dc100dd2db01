/**
 * Keeps secrets out of error messages, excerpts and debug output. Bodies from a misbehaving
 * server can echo tokens back; nothing from a body reaches a caller unredacted.
 */

const REDACTED = '[REDACTED]';
const SECRET_KEYS = 'access_token|refresh_token|id_token|client_secret|code|password';
// A value cut off by a truncated body has no closing quote: it is redacted to the end.
const JSON_SECRET = new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*\\\\?)("|$)`, 'gi');
const FORM_SECRET = new RegExp(`\\b(${SECRET_KEYS})=([^&\\s"'<]+)`, 'gi');
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BASIC_HEADER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g;

/** Node's `util.inspect` hook, reached by symbol so runtime code needs no `node:util` import. */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/** Replaces the given secret values and anything shaped like a token in `text`. */
export function redact(text: string, knownSecrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; the spec's secrets are longer in practice.
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(JSON_SECRET, `$1${REDACTED}$3`).replace(FORM_SECRET, `$1=${REDACTED}`).replace(JWT_LIKE, REDACTED).replace(BASIC_HEADER, `$1 ${REDACTED}`);
}

/**
 * A short, single-line, redacted view of a response body for error reports: at most `max`
 * characters (UTF-16 units, as `.length` counts), the ellipsis included, never half a
 * surrogate pair.
 */
export function excerpt(text: string, knownSecrets: readonly (string | undefined)[] = [], max = 200): string {
  const flat = redact(text, knownSecrets).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** Shows the first characters of a token only, for humans reading logs. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…`;
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/** A copy of a token answer with its token fields masked by {@link maskToken}; other fields as they are. */
export function maskTokens(tokens: object): Record<string, unknown> {
  const view: Record<string, unknown> = { ...tokens };
  for (const field of TOKEN_FIELDS) if (typeof view[field] === 'string') view[field] = maskToken(view[field]);
  return view;
}
