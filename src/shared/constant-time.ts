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
