/**
 * The keyed `state` of the GanbLib compatibility layer.
 *
 * The bank's old Node SDK derived `state = sha256_hex(sessionID + SALT)` with a salt from a
 * JSON file shipped next to the code: anyone who knows (or guesses) the salt and a session id
 * can compute a valid state, which is what a CSRF attacker needs (RFC 6749 §10.12). Here the
 * state is an HMAC-SHA-256 of the session id under a key only the server holds, so it still
 * needs no storage (the server re-derives it from the session on the callback) but cannot be
 * forged. Web Crypto only: this runs on Node, edge runtimes, Deno and Bun.
 */

const encoder = new TextEncoder();

/** Domain separation: the client secret is also the id_token HS256 key, so never use it raw. */
const HKDF_SALT = encoder.encode('gmo-aozora-auth/compat');
const HKDF_INFO_PREFIX = 'GanbLib state v1\u0000';

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const byte of new Uint8Array(bytes)) out += byte.toString(16).padStart(2, '0');
  return out;
}

/**
 * Derives the state key: HKDF-SHA-256 (RFC 5869) of `secret`, bound to this module and to the
 * client id, as a non-extractable HMAC-SHA-256 key.
 */
async function deriveStateKey(secret: string, clientId: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: HKDF_SALT, info: encoder.encode(HKDF_INFO_PREFIX + clientId) },
    material,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
}

/**
 * Returns `stateFor(sessionId)`: the lowercase hex HMAC-SHA-256 of the session id (64
 * characters, the same shape as the old SDK's state) under a key derived from `secret`. The
 * key is derived once, on first use.
 */
export function createStateDeriver(secret: string, clientId: string): (sessionId: string) => Promise<string> {
  let key: Promise<CryptoKey> | undefined;
  return async (sessionId) => {
    key ??= deriveStateKey(secret, clientId);
    return hex(await crypto.subtle.sign('HMAC', await key, encoder.encode(sessionId)));
  };
}
