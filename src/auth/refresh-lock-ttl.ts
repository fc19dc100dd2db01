import { type NumberBounds, numberProblem } from '../shared/number-problem.js';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from './options.js';

/** Slack for the store's own writes after the refresh and for clock differences between instances. */
const LOCK_MARGIN_MS = 5_000;

/** What the lock TTL is computed from: the parts of the client's `config` that bound a refresh. */
export interface RefreshTiming {
  readonly timeoutMs?: unknown;
  readonly retry?: unknown;
}

/** `value` when it is a usable number within `bounds`, else `undefined` (the caller's default then applies). */
function usable(value: unknown, bounds: NumberBounds): number | undefined {
  return numberProblem(value, bounds) === undefined ? (value as number) : undefined;
}

/**
 * How long a cross-instance refresh lock must live: longer than the slowest refresh the client
 * can make, so a lock never expires under a holder that is still waiting for the bank — that
 * holder would then spend a refresh token another instance has already used.
 *
 * The slowest refresh is every try timing out, with the longest allowed wait between tries:
 * `timeoutMs × attempts + maxDelayMs × (attempts − 1)`, plus a 5 s margin for the store's
 * writes. With the client's defaults (10 s, 3 tries, waits ≤ 10 s) that is 55 s. Read from
 * `client.config` when it exposes `timeoutMs` and `retry`; else the client's defaults are assumed.
 */
export function refreshLockTtlMs(config: RefreshTiming | undefined): number {
  const timeoutMs = usable(config?.timeoutMs, {}) ?? DEFAULT_TIMEOUT_MS;
  const retry = (typeof config?.retry === 'object' && config.retry !== null ? config.retry : {}) as { attempts?: unknown; maxDelayMs?: unknown };
  const attempts = usable(retry.attempts, {}) ?? DEFAULT_RETRY.attempts;
  const maxDelayMs = usable(retry.maxDelayMs, { min: 'non-negative' }) ?? DEFAULT_RETRY.maxDelayMs;
  return timeoutMs * attempts + maxDelayMs * (attempts - 1) + LOCK_MARGIN_MS;
}
