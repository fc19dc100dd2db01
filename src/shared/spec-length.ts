/** A spec schema's length limits, as in `schemaLimits` (src/generated/spec-values.ts); `null`: no maximum. */
export interface LengthLimits {
  readonly minLength: number;
  readonly maxLength: number | null;
}

/**
 * The length of `value` as the spec's `minLength` and `maxLength` count it: in Unicode code
 * points, as JSON Schema does (JSON Schema Validation §6.3.1), not in UTF-16 code units
 * (`String#length`), which count a character outside the Basic Multilingual Plane (an emoji, a
 * rare kanji) twice. The client and the mock bank both measure with this, so they agree on
 * every value.
 */
export function specLength(value: string): number {
  return [...value].length;
}

/** True when the {@link specLength} of `value` is within `limits`. */
export function withinLengthLimits(value: string, limits: LengthLimits): boolean {
  const length = specLength(value);
  return length >= limits.minLength && (limits.maxLength === null || length <= limits.maxLength);
}
