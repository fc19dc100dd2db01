/**
 * The rows of the failure table (docs/failure-behaviour.md): the fault as the
 * table names it, and whether each call retries it. Tests are named after `fault`, the matrix
 * derives the number of requests it expects from the retry columns, and
 * failure-table.test.ts checks that the table in the docs says the same.
 */

/** `yes`: retried (3 tries with the default `attempts`); `no`: one try; `—`: nothing to retry. */
export type Retried = 'yes' | 'no' | '—';

export interface FailureRow {
  readonly fault: string;
  readonly exchangeCode: Retried;
  readonly refresh: Retried;
}

const row = (fault: string, exchangeCode: Retried, refresh: Retried): FailureRow => ({ fault, exchangeCode, refresh });

export const ROWS = {
  refused: row('Connection refused', 'yes', 'yes'),
  resetBeforeResponse: row('Connection reset before any response', 'no', 'yes'),
  resetMidResponse: row('Connection reset mid-response', 'no', 'no'),
  hang: row('No response (the server hangs)', 'no', 'no'),
  drip: row('Slow drip past `timeoutMs`', 'no', 'no'),
  http500: row('500 with an HTML page', 'no', 'no'),
  http502: row('502 with an HTML page', 'no', 'no'),
  http503: row('503 with an HTML page', 'yes', 'yes'),
  http504: row('504 with an HTML page', 'no', 'no'),
  retryAfter: row('429 with `Retry-After` up to `maxDelayMs`', 'yes', 'yes'),
  gatewayJson429: row("429 with the gateway's own JSON (not an RFC 6749 error)", 'yes', 'yes'),
  retryAfterTooLong: row('429 or 503 with `Retry-After` beyond `maxDelayMs` (or beyond 2³¹−1 ms)', 'no', 'no'),
  oauthError: row('400 with an RFC 6749 error (`invalid_grant`, …)', 'no', 'no'),
  invalidClient: row('401 `invalid_client` with `WWW-Authenticate`', 'no', 'no'),
  oauthError503: row('429 or 503 with an RFC 6749 error body', 'no', 'no'),
  truncated: row('200 with truncated JSON, or bytes that are not UTF-8', 'no', 'no'),
  oversized: row('Body larger than `maxResponseBytes`', 'no', 'no'),
  wrongContentType: row('200 `text/html` with a JSON-looking body', 'no', 'no'),
  missingAccessToken: row('200 JSON without `access_token`', 'no', 'no'),
  wrongTypes: row('200 JSON with wrong types', 'no', 'no'),
  expiresInString: row('200 with `expires_in` as a digit string', '—', '—'),
  redirect: row('3xx redirect', 'no', 'no'),
  noBody: row('204 No Content', 'no', 'no'),
  idToken: row('200 with an id_token that fails verification', 'no', 'no'),
  callerAbort: row('Your `signal` fires during a try', 'no', 'no'),
  callerAbortWait: row('Your `signal` fires during a retry wait', 'no', 'no'),
  alreadyAborted: row('Your `signal` had already fired', '—', '—'),
  invalidInput: row('Invalid input', '—', '—'),
  retryOff: row('Any fault with `retry: false`', 'no', 'no'),
} as const satisfies Record<string, FailureRow>;

export type RowKey = keyof typeof ROWS;

/** Requests a server sees for a row with the default three attempts. */
export function expectedTries(retried: Retried): number {
  return retried === 'yes' ? 3 : 1;
}
