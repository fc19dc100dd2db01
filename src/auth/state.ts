import { constantTimeEqual } from '../shared/constant-time.js';
import { StateMismatchError } from './errors.js';

/**
 * True when the `state` that came back on the callback equals the one saved for this session
 * (RFC 6749 §10.12), compared in constant time. A missing or empty state never matches.
 */
export function statesMatch(expected: string, received: string | null | undefined): boolean {
  if (typeof expected !== 'string' || expected.length === 0 || typeof received !== 'string') return false;
  return constantTimeEqual(expected, received);
}

/** Throws `StateMismatchError` unless {@link statesMatch}. */
export function assertStateMatches(expected: string, received: string | null | undefined): void {
  if (!statesMatch(expected, received)) {
    throw new StateMismatchError(typeof received === 'string' ? undefined : 'the callback carries no state');
  }
}
