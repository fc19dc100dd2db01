import { schemaLimits } from '../generated/spec-values.js';
import { specLength } from '../shared/spec-length.js';
import { isLoopbackHost } from './environments.js';
import { InvalidInputError } from './errors.js';

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Names of the spec schemas that carry length limits. */
export type LimitedSchema = keyof typeof schemaLimits;

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * What is wrong with a string value under the spec's `minLength`/`maxLength` for `schema`
 * (lengths in Unicode code points, as JSON Schema counts them), or `undefined` when nothing is.
 * The text never contains the value: inputs include codes, tokens and secrets.
 */
export function stringProblem(value: unknown, schema: LimitedSchema): string | undefined {
  if (typeof value !== 'string') return `must be a string (got ${typeName(value)})`;
  // A lone surrogate cannot be UTF-8 encoded; fetch would silently send U+FFFD instead.
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate, which is not valid Unicode text';
  const { minLength, maxLength } = schemaLimits[schema];
  const length = specLength(value);
  if (length === 0 || length < minLength) return 'must not be empty';
  if (maxLength !== null && length > maxLength) return `must be at most ${maxLength} characters (got ${length})`;
  return undefined;
}

/** Returns `value` when {@link stringProblem} finds nothing, else throws `InvalidInputError` for `field`. */
export function checkString(field: string, value: unknown, schema: LimitedSchema): string {
  const problem = stringProblem(value, schema);
  if (problem) throw new InvalidInputError(field, problem);
  return value as string;
}

/**
 * Checks a redirect URI: within the spec's limits, without control characters, absolute, https
 * or http on a loopback address (RFC 8252 §7.3), and without a fragment (RFC 6749 §3.1.2).
 */
export function checkRedirectUri(field: string, value: unknown): string {
  const uri = checkString(field, value, 'RedirectUri');
  // The URL parser drops tabs and line breaks silently, so the bank would see another URI than
  // the one written; control characters have no place in a URI (RFC 3986 §2).
  if ([...uri].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f'))
    throw new InvalidInputError(field, 'must not contain control characters such as tab, CR or LF');
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    throw new InvalidInputError(field, 'must be an absolute URI such as https://bff.example.com/callback');
  }
  // The code travels in this URI's query: in clear text only where it never leaves the machine.
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    throw new InvalidInputError(field, `must use https (or http on a loopback address), not ${parsed.protocol}//${parsed.host}`);
  }
  if (uri.includes('#')) throw new InvalidInputError(field, 'must not contain a fragment (RFC 6749 §3.1.2)');
  return uri;
}

/** Checks that an optional `AbortSignal` really is one, so a typo fails before anything is sent. */
export function checkSignal(field: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  if (typeof AbortSignal === 'undefined' || !(value instanceof AbortSignal)) {
    throw new InvalidInputError(field, `must be an AbortSignal (got ${typeName(value)})`);
  }
  return value;
}

/** Checks that `input` is a plain options object. */
export function checkObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(field, `must be an object (got ${typeName(value)})`);
  }
  return value as Record<string, unknown>;
}
