// Masking for humans reading output: the library's `util.inspect` of a token set and of a
// stored record, and the CLI's printout, show tokens the same way.

/** Shows the first characters of a token only, for humans reading logs. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…`;
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/** A copy of a token response with its token fields masked by {@link maskToken}; other fields as they are. */
export function maskTokens(tokens: object): Record<string, unknown> {
  const view: Record<string, unknown> = { ...tokens };
  for (const field of TOKEN_FIELDS) if (typeof view[field] === 'string') view[field] = maskToken(view[field]);
  return view;
}

/**
 * Makes `util.inspect`/`console.log` of `tokens` show them masked, while JSON keeps them whole
 * for session storage. The hook is Node's, reached by symbol (`Symbol.for` is the same symbol in
 * every copy of this file), so no runtime code imports `node:util`.
 */
export function withMaskedInspect<T extends object>(tokens: T): T {
  Object.defineProperty(tokens, Symbol.for('nodejs.util.inspect.custom'), { enumerable: false, value: () => maskTokens(tokens) });
  return tokens;
}
