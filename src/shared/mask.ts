// Masking for humans reading output: the library's `util.inspect` of a token set and of a
// stored record, and the CLI's printout, show tokens the same way.

/** Shows the first characters of a token only, for humans reading logs. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…`;
}

/**
 * Node's `util.inspect` hook, reached by symbol so runtime code needs no `node:util` import
 * (`Symbol.for` gives the same symbol in every entry's copy of this file).
 */
export const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/** A copy of a token response with its token fields masked by {@link maskToken}; other fields as they are. */
export function maskTokens(tokens: object): Record<string, unknown> {
  const view: Record<string, unknown> = { ...tokens };
  for (const field of TOKEN_FIELDS) if (typeof view[field] === 'string') view[field] = maskToken(view[field]);
  return view;
}

/**
 * Makes `util.inspect`/`console.log` of `tokens` show them masked, while JSON keeps them whole
 * for session storage.
 */
export function withMaskedInspect<T extends object>(tokens: T): T {
  Object.defineProperty(tokens, inspectCustom, { enumerable: false, value: () => maskTokens(tokens) });
  return tokens;
}

/**
 * A token result in one flat object, as the old SDK and the CLI show it: the response's fields,
 * then the verified claims as `idTokenClaims` — never a member of that name the server sent,
 * which is wire data and must not pass for verified claims.
 */
export function flatTokenResult(result: { readonly tokens: object; readonly idTokenClaims?: unknown }): Record<string, unknown> {
  const { idTokenClaims: _sentByServer, ...response } = result.tokens as Record<string, unknown>;
  return result.idTokenClaims === undefined ? response : { ...response, idTokenClaims: result.idTokenClaims };
}
