/** What a number option accepts: above zero (a timeout, a lifetime) or from zero (a delay, a window). */
export interface NumberBounds {
  /**
   * `'positive'`: more than 0. `'non-negative'`: 0 or more.
   * @default 'positive'
   */
  readonly min?: 'positive' | 'non-negative';
  /**
   * The largest value allowed.
   * @default Number.MAX_VALUE
   */
  readonly max?: number;
}

/**
 * What is wrong with `value` as a finite number within `bounds` (an option such as a timeout, a
 * lifetime or a delay), or `undefined` when nothing is. It returns the problem rather than
 * throwing: each entry throws its own class (`ConfigurationError` of the `.` entry), which a
 * module shared by every CommonJS entry must not define or construct.
 */
export function numberProblem(value: unknown, bounds: NumberBounds = {}): string | undefined {
  const { min = 'positive', max = Number.MAX_VALUE } = bounds;
  if (min === 'non-negative') {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return 'must be a number ≥ 0';
  } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return 'must be a positive number';
  if (value > max) return `must be at most ${max}`;
  return undefined;
}
