import type { TokenSet } from '../index.js';
import type { Io } from './io.js';

/** Shows only the start of a secret, so a terminal or CI log never holds a usable token. */
export function mask(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 4)}…`;
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/** The token set as it may be printed: secrets masked unless `showTokens`. */
export function printableTokens(tokens: TokenSet, showTokens: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = { ...tokens };
  if (!showTokens) for (const field of TOKEN_FIELDS) if (typeof view[field] === 'string') view[field] = mask(view[field] as string);
  return view;
}

/** A URL with its `code` parameter masked, for printing a callback (kept readable: no re-encoding). */
export function maskCode(url: string, showTokens: boolean): string {
  return showTokens ? url : url.replace(/([?&]code=)([^&#]*)/, (_, name: string, value: string) => `${name}${mask(value)}`);
}

function seconds(value: unknown): string {
  return typeof value === 'number' ? `${value} (${new Date(value * 1000).toISOString()})` : String(value);
}

/** Aligned `name  value` lines, indented. */
export function table(rows: readonly (readonly [string, unknown])[], indent = '  '): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${indent}${name.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}`).join('\n');
}

/** The human view of a token set: tokens (masked by default) and the verified id_token claims. */
export function formatTokens(tokens: TokenSet, showTokens: boolean, indent = '  '): string {
  const view = printableTokens(tokens, showTokens);
  const rows = (['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token'] as const)
    .filter((field) => view[field] !== undefined)
    .map((field) => [field, view[field]] as const);
  let text = table(rows, indent);
  const claims = tokens.idTokenClaims;
  if (claims) {
    const claimRows: [string, unknown][] = [['iss', claims.iss], ['sub', claims.sub], ['aud', claims.aud], ['azp', claims.azp], ['iat', seconds(claims.iat)], ['exp', seconds(claims.exp)]];
    if (claims.nonce !== undefined) claimRows.push(['nonce', claims.nonce]);
    text += `\n${indent}id_token verified; claims:\n${table(claimRows.filter(([, value]) => value !== undefined), `${indent}  `)}`;
  }
  return text;
}

/** Prints a token set as the command's result, on stdout. */
export function printTokens(io: Io, tokens: TokenSet, options: { json: boolean; showTokens: boolean }): void {
  io.out(options.json ? JSON.stringify(printableTokens(tokens, options.showTokens)) : formatTokens(tokens, options.showTokens));
}
