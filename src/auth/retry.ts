import { MAX_TIMER_MS } from './deadline.js';
import { InvalidResponseError, NetworkError, OAuthError, type GanbAuthError } from './errors.js';
import type { GrantKind } from './grants.js';
import type { RetryPolicy } from './options.js';

/**
 * Whether a failed try may be repeated. Only failures that can succeed later are: a 429 or 503
 * without an RFC 6749 §5.2 error body (the gateway turned the request away), and network
 * failures before any response — for a refresh; for a code exchange only when no connection was
 * made, because a code is single-use and the bank may already have spent it. A response with an
 * OAuth error body (`invalid_grant`, …, or a code the spec does not list) never is, whatever
 * its status.
 */
export function isRetryable(grant: GrantKind, failure: GanbAuthError, status: number | undefined): boolean {
  // The server spoke OAuth: its response is final whatever the status, and resending a single-use
  // code it may have spent could only fail again (or, for a refresh, look like token theft).
  if (failure instanceof OAuthError || (failure instanceof InvalidResponseError && failure.reason === 'schema_mismatch')) return false;
  if (status === 429 || status === 503) return true;
  if (failure instanceof NetworkError) return grant === 'refresh_token' ? failure.phase !== 'response' : failure.phase === 'connect';
  return false;
}

/** Parses `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) into milliseconds. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  // Stryker disable next-line MethodExpression: equivalent in the client — the Headers API has already trimmed the value; kept for direct callers.
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form names the day and month. Without this, Date.parse reads "-1" or "1.5"
  // as dates in 2001, and a malformed header would mean "retry at once".
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before try number `attempt + 1` (attempt counts from 1): the server's `Retry-After`
 * when it gave one, else exponential backoff with jitter drawn from Web Crypto. Returns
 * `undefined` when the wait would exceed `maxDelayMs`, meaning: do not retry.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined): number | undefined {
  if (retryAfterMs !== undefined) return retryAfterMs <= Math.min(policy.maxDelayMs, MAX_TIMER_MS) ? retryAfterMs : undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const [random] = crypto.getRandomValues(new Uint32Array(1));
  // "Equal jitter": at least half the backoff, so retries still spread out under load.
  return Math.round(ceiling / 2 + (ceiling / 2) * ((random ?? 0) / 0xffffffff));
}
