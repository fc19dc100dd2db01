/**
 * What is wrong with `value` as a positive, finite number of at most `max` (an option such as
 * a timeout or a lifetime), or `undefined` when nothing is. It returns the problem rather than
 * throwing: each entry throws its own class (`ConfigurationError` of the `.` entry), which a
 * module shared by every CommonJS entry must not define or construct.
 */
export function positiveNumberProblem(value: unknown, max = Number.MAX_VALUE): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 'must be a positive number';
  if (value > max) return `must be at most ${max}`;
  return undefined;
}
