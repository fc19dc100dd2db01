import { StateMismatchError } from './errors.js';

/**
 * Compares two strings in time that depends only on their lengths, not on where they differ,
 * so an attacker cannot learn a secret value byte by byte.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  // Stryker disable next-line MethodExpression: equivalent — with lengths that differ, the length term below already makes the result false; with equal lengths min and max agree.
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  // Stryker disable next-line EqualityOperator: equivalent — one more round past the end XORs undefined with undefined, i.e. 0 ^ 0.
  for (let i = 0; i < length; i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}

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
