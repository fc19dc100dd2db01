/**
 * Keeps secrets out of error messages, excerpts and debug output. Bodies and headers from a
 * misbehaving server can echo tokens back, in any of the encodings servers use; nothing from an
 * response reaches a caller unredacted.
 */
import { formUrlEncode, utf8Base64 } from './credentials.js';

const REDACTED = '[REDACTED]';
const SECRET_KEYS = 'access_token|refresh_token|id_token|client_secret|code|password';
// A value cut off by a truncated body has no closing quote: it is redacted to the end.
const JSON_SECRET = new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*")((?:[^"\\\\]|\\\\.)*\\\\?)("|$)`, 'gi');
const FORM_SECRET = new RegExp(`\\b(${SECRET_KEYS})=([^&\\s"'<]+)`, 'gi');
const JWT_LIKE = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BASIC_HEADER = /\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g;

/**
 * Values shorter than this (in UTF-16 units) are not redacted by value: they would redact
 * ordinary words. The spec's secrets and the bank's tokens are far longer in practice; such short
 * values are still caught by shape (a JSON or form field named like a token).
 */
const MIN_REDACTED_LENGTH = 4;

const hex = (unit: number, width: number) => unit.toString(16).padStart(width, '0');

/**
 * Base64 (or base64url) of `text` as it reads when the text starts `offset` bytes into a longer
 * encoded value: only the characters whose six bits all come from `text`. Offsets 0 to 2 cover
 * every alignment, so `base64("client_secret=" + secret)` is found as well as `base64(secret)`,
 * padded or not.
 */
function base64Inside(text: string, offset: number, url: boolean): string {
  const bytes = new TextEncoder().encode(text).length;
  const encoded = utf8Base64('\0'.repeat(offset) + text);
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes)) / 6);
  const part = encoded.slice(first, end);
  return url ? part.replace(/\+/g, '-').replace(/\//g, '_') : part;
}

const jsonEscape = (text: string) => JSON.stringify(text).slice(1, -1);

/** The encodings a server may plausibly echo a value in; each may yield several spellings. */
const ENCODINGS: readonly ((text: string) => string[])[] = [
  (text) => [formUrlEncode(text)],
  (text) => {
    // A lone surrogate (possible only in a token a server sent) as the Web platform writes it,
    // U+FFFD, like the form and base64 spellings: encodeURIComponent would throw on it.
    const encoded = encodeURIComponent(text.toWellFormed());
    // Hex digits in either case: once encoded again, "%7b" no longer reads as an escape.
    return [encoded, encoded.replace(/%[0-9A-F]{2}/g, (percentEscape) => percentEscape.toLowerCase())];
  },
  (text) => {
    // As JavaScript and Java write it; with \u escapes outside ASCII as Python does; and with "/"
    // escaped too, as PHP does.
    const ascii = jsonEscape(text).replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
    return [jsonEscape(text), ascii, ascii.replace(/\//g, '\\/')];
  },
  (text) => [0, 1, 2].flatMap((offset) => [base64Inside(text, offset, false), base64Inside(text, offset, true)]),
];

/** `text` and every spelling of it through up to two encodings (a JSON-escaped percent-encoding, base64 of a form-encoding, …). */
function spellings(text: string): Set<string> {
  const found = new Set([text]);
  for (let depth = 0; depth < 2; depth++) {
    for (const known of [...found]) for (const encode of ENCODINGS) for (const spelled of encode(known)) found.add(spelled);
  }
  return found;
}

/**
 * White space as `\s` means it, and `+`, a form-encoded space. One regular expression per
 * character of an error page (about 7 ms for 256 kB, on the error path only): code-unit ranges
 * are quicker, but leave bounds such as 0x7f or 0x80 that no input can tell apart.
 */
const LAYOUT = /[\s+]/;
/** Percent and `\u` escapes, and PHP's `\/`, read once the layout is gone. */
const ESCAPE = /%[0-9a-f]{2}|\\u[0-9a-f]{4}|\\\//gi;
/** Percent-escapes of layout: tab, LF, CR and space. */
const LAYOUT_ESCAPES = new Set(['%09', '%0A', '%0D', '%20']);

/**
 * Text with what does not change a value's meaning to a reader taken out, and each remaining
 * character's span in the original: white space and line breaks (raw, JSON-escaped `\n`, or
 * percent-encoded `%0A`), `+` (a form-encoded space), `\/` as `/`, and hex escapes in one case.
 * A value split across lines, wrapped at 76 columns or escaped in lower case is then found by a
 * plain search.
 */
function normalize(text: string): { chars: string; starts: number[]; ends: number[] } {
  // First the layout goes (a split may fall inside an escape such as "%0\nA"), then escapes are
  // read from what is left.
  const kept: string[] = [];
  const at: number[] = [];
  // Stryker disable next-line EqualityOperator: equivalent for <= — one more round reads past the end, where text[i] is undefined, and the undefined it keeps joins as nothing (>= never loops, and every test fails).
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (LAYOUT.test(char)) continue;
    if (char === '\\' && /[rnt]/.test(text[i + 1] ?? '')) {
      i++; // a JSON-escaped \r, \n or \t
      continue;
    }
    kept.push(char);
    at.push(i);
  }
  const compact = kept.join('');
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const keep = (value: string, from: number, to: number) => {
    for (let k = 0; k < value.length; k++) {
      out.push(value[k]!);
      starts.push(at[from]!);
      ends.push(at[to - 1]! + 1);
    }
  };
  let last = 0;
  for (const match of compact.matchAll(ESCAPE)) {
    for (let k = last; k < match.index; k++) keep(compact[k]!, k, k + 1);
    const end = match.index + match[0].length;
    // Stryker disable next-line MethodExpression: equivalent — the text and the secrets' spellings both pass through this line, so either case folds them alike.
    const spelled = match[0][0] === '%' ? match[0].toUpperCase() : match[0] === '\\/' ? '/' : match[0].toLowerCase();
    if (!LAYOUT_ESCAPES.has(spelled)) keep(spelled, match.index, end);
    last = end;
  }
  for (let k = last; k < compact.length; k++) keep(compact[k]!, k, k + 1);
  return { chars: out.join(''), starts, ends };
}

/** What to look for, prepared once per list of secrets. */
interface SecretPatterns {
  /** Normalized spellings, searched in normalized text. */
  readonly normalized: readonly string[];
  /** Spellings that normalize to (almost) nothing, such as a value made of spaces: searched as they are. */
  readonly exact: readonly string[];
}

/**
 * Values to redact. A nested list is prepared once and reused for as long as the same list object
 * is passed, so a client prepares its credentials' spellings once, not on every failure.
 */
export type SecretValues = readonly (string | undefined | SecretValues)[];

const prepared = new WeakMap<SecretValues, SecretPatterns>();

function patternsFor(knownSecrets: SecretValues): SecretPatterns {
  let patterns = prepared.get(knownSecrets);
  if (patterns) return patterns;
  const normalized = new Set<string>();
  const exact = new Set<string>();
  for (const secret of knownSecrets) {
    if (typeof secret === 'object') {
      const nested = patternsFor(secret);
      for (const value of nested.normalized) normalized.add(value);
      for (const value of nested.exact) exact.add(value);
      continue;
    }
    if (!secret || secret.length < MIN_REDACTED_LENGTH) continue;
    for (const spelled of spellings(secret)) {
      if (spelled.length < MIN_REDACTED_LENGTH) continue;
      const chars = normalize(spelled).chars;
      if (chars.length >= MIN_REDACTED_LENGTH) normalized.add(chars);
      else exact.add(spelled);
    }
  }
  patterns = { normalized: [...normalized], exact: [...exact] };
  prepared.set(knownSecrets, patterns);
  return patterns;
}

/** Replaces the spans `[start, end)` of `text` (in any order, overlapping or not) with one marker each. */
function cutOut(text: string, spans: [number, number][]): string {
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    // Stryker disable next-line EqualityOperator: equivalent for < — a span that ends where the last cut ended changes nothing either way (> is killed).
    if (end <= at) continue;
    out += start >= at ? `${text.slice(at, start)}${REDACTED}` : '';
    at = end;
  }
  return out + text.slice(at);
}

/** Replaces every spelling of the known secrets in `text`, however the server encoded or wrapped them. */
function redactValues(text: string, knownSecrets: SecretValues): string {
  const { normalized, exact } = patternsFor(knownSecrets);
  const spans: [number, number][] = [];
  for (const value of exact) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) spans.push([at, at + value.length]);
  }
  if (normalized.length) {
    const flat = normalize(text);
    for (const value of normalized) {
      for (let at = flat.chars.indexOf(value); at !== -1; at = flat.chars.indexOf(value, at + 1)) {
        spans.push([flat.starts[at]!, flat.ends[at + value.length - 1]!]);
      }
    }
  }
  return cutOut(text, spans);
}

/**
 * Replaces the given secret values, in every spelling a server may echo them in (raw,
 * form-urlencoded, percent-encoded in either case, JSON-escaped with or without `\u` escapes,
 * base64 or base64url at any alignment, and up to two of these in a row; wrapped or split
 * across lines), and anything shaped like a token, in `text`. Values shorter than
 * {@link MIN_REDACTED_LENGTH} are redacted by shape only.
 */
export function redact(text: string, knownSecrets: SecretValues): string {
  return redactValues(text, knownSecrets)
    .replace(JSON_SECRET, `$1${REDACTED}$3`)
    .replace(FORM_SECRET, `$1=${REDACTED}`)
    .replace(JWT_LIKE, REDACTED)
    .replace(BASIC_HEADER, `$1 ${REDACTED}`);
}

/**
 * Redacts, in place, the known secrets' spellings in every text an error carries before it is
 * thrown: its message and stack and each string field (an excerpt, a header, a content type),
 * down its `cause` chain as far as the causes are this library's own errors. One last pass, so a
 * field added later cannot leak. (Shapes were redacted where the fields were read from the
 * response; looking for them again in composed messages would find shapes that are not there.)
 */
export function redactError<E extends Error>(error: E, knownSecrets: SecretValues, isOwn: (value: unknown) => value is Error): E {
  for (let current: unknown = error, depth = 0; isOwn(current) && depth < 8; current = current.cause, depth++) {
    const fields = current as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) if (typeof value === 'string') fields[key] = redactValues(value, knownSecrets);
    current.message = redactValues(current.message, knownSecrets);
    if (typeof current.stack === 'string') current.stack = redactValues(current.stack, knownSecrets);
  }
  return error;
}

/**
 * A short, single-line, redacted view of a response body for error reports: at most `max`
 * characters (UTF-16 units, as `.length` counts), the ellipsis included, never half a
 * surrogate pair.
 */
export function excerpt(text: string, knownSecrets: SecretValues, max = 200): string {
  // The whole text is redacted before it is cut: a secret straddling the cut would leave its start.
  const flat = redact(text, knownSecrets).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
