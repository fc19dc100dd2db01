import type { TokenSet } from '../index.js';
import { maskToken as mask, maskTokens } from '../shared/mask.js';
import type { Io } from './io.js';

// The library's own masking, so the CLI and `console.log(tokens)` show the same thing.
export { mask };

/** The token set as it may be printed: secrets masked unless `showTokens`. */
function printableTokens(tokens: TokenSet, showTokens: boolean): Record<string, unknown> {
  return showTokens ? { ...tokens } : maskTokens(tokens);
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
    const claimRows: [string, unknown][] = [
      ['iss', claims.iss],
      ['sub', claims.sub],
      ['aud', claims.aud],
      ['azp', claims.azp],
      ['iat', seconds(claims.iat)],
      ['exp', seconds(claims.exp)],
    ];
    if (claims.nonce !== undefined) claimRows.push(['nonce', claims.nonce]);
    text += `\n${indent}id_token verified; claims:\n${table(
      claimRows.filter(([, value]) => value !== undefined),
      `${indent}  `,
    )}`;
  }
  return text;
}

/** Prints a token set as the command's result, on stdout. */
export function printTokens(io: Io, tokens: TokenSet, options: { json: boolean; showTokens: boolean }): void {
  io.out(options.json ? JSON.stringify(printableTokens(tokens, options.showTokens)) : formatTokens(tokens, options.showTokens));
}
