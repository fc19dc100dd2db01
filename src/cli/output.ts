import type { TokenResult } from '../index.js';
import { flatTokenResult, maskToken as mask, maskTokens } from '../shared/mask.js';
import type { Io } from './io.js';

// The library's own masking, so the CLI and `console.log(tokens)` show the same thing.
export { mask };

/**
 * A result as it may be printed: the response's fields (tokens masked unless `showTokens`) and,
 * after them, the verified claims as `idTokenClaims` — never a member of that name the server sent.
 */
function printableTokens(result: TokenResult, showTokens: boolean): Record<string, unknown> {
  const flat = flatTokenResult(result);
  return showTokens ? flat : maskTokens(flat);
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

/** The human view of a result: tokens (masked by default) and the verified id_token claims. */
export function formatTokens(result: TokenResult, showTokens: boolean, indent = '  '): string {
  const view = printableTokens(result, showTokens);
  const rows = (['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token'] as const)
    .filter((field) => view[field] !== undefined)
    .map((field) => [field, view[field]] as const);
  let text = table(rows, indent);
  const claims = result.idTokenClaims;
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

/** Prints a result as the command's output, on stdout. */
export function printTokens(io: Io, result: TokenResult, options: { json: boolean; showTokens: boolean }): void {
  io.out(options.json ? JSON.stringify(printableTokens(result, options.showTokens)) : formatTokens(result, options.showTokens));
}
