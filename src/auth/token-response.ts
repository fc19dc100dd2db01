import type { SchemaTokenResponse } from '../generated/auth-api.js';
import { schemaEnums } from '../generated/spec-values.js';
import { InvalidResponseError, OAuthError, type OAuthErrorCode } from './errors.js';
import { excerpt, redact, type SecretValues } from './redact.js';
import type { RawResponse } from './transport.js';

/**
 * A successful token response as the bank sent it: the spec's `TokenResponse` with its wire
 * names, `expires_in` always a number (the bank documents both a number and a digit string).
 * Fields the spec does not list are kept as sent. Wire data only: what the client verified is
 * beside it, in {@link TokenResult}.
 */
export type TokenSet = Omit<SchemaTokenResponse, 'expires_in'> & {
  /** Access token lifetime in seconds, when the bank sent it. */
  expires_in?: number;
};

/** Claims of a verified id_token (OpenID Connect Core 1.0 §2). */
export interface IdTokenClaims {
  iss: string;
  /** The user at the bank: required, a non-empty string (§2), the same on every refresh (§12.2). */
  sub: string;
  aud: string | string[];
  exp: number;
  iat: number;
  azp?: string;
  nonce?: string;
  [claim: string]: unknown;
}

const OAUTH_ERROR_CODES: readonly string[] = schemaEnums.OAuthErrorCode;
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

function isJsonMediaType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The known secrets plus the tokens of a refused response, which are secrets too, in whatever spelling the body repeats them. */
function withResponseTokens(knownSecrets: SecretValues, body: Record<string, unknown> | undefined): SecretValues {
  const tokens = body ? TOKEN_FIELDS.map((field) => body[field]).filter((value): value is string => typeof value === 'string') : [];
  return tokens.length ? [...knownSecrets, ...tokens] : knownSecrets;
}

/** Turns `expires_in` into a number: an integer ≥ 0, or the digit string the Java docs show. */
function expiresIn(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value)) return Number(value);
  return null;
}

/**
 * Checks a 200 response against the spec's `TokenResponse` and returns it as a `TokenSet`;
 * anything else the spec does not allow becomes an `InvalidResponseError` with a redacted
 * excerpt, never a guess.
 */
export function parseTokenSuccess(response: RawResponse, knownSecrets: SecretValues): TokenSet {
  const contentType = response.headers.get('content-type');
  const body = parseJsonObject(response.body);
  const secrets = withResponseTokens(knownSecrets, body);
  const fail = (reason: 'not_json' | 'unexpected_content_type' | 'schema_mismatch', detail: string) =>
    new InvalidResponseError({
      status: response.status,
      reason,
      detail: redact(detail, secrets),
      contentType: contentType === null ? undefined : redact(contentType, secrets),
      excerpt: excerpt(response.body, secrets),
    });

  if (!isJsonMediaType(contentType))
    throw fail('unexpected_content_type', `expected application/json, got ${contentType ? JSON.stringify(contentType.slice(0, 80)) : 'no Content-Type'}`);
  if (!body) throw fail('not_json', 'the body is not a JSON object');

  const problems: string[] = [];
  const optionalString = (name: string) => {
    if (body[name] !== undefined && typeof body[name] !== 'string') problems.push(`${name} must be a string`);
  };
  if (typeof body.access_token !== 'string' || body.access_token.length === 0) problems.push('access_token is missing or not a non-empty string');
  if (typeof body.token_type !== 'string' || body.token_type.length === 0) problems.push('token_type is missing or not a non-empty string');
  // RFC 6749 §7.1: a client must not use a token type it does not understand; type names are
  // case-insensitive (§5.1), and the bank's APIs take only Bearer tokens.
  else if (body.token_type.toLowerCase() !== 'bearer')
    problems.push(`token_type ${JSON.stringify(body.token_type.slice(0, 20))} is not Bearer, the only type this client can use`);
  ['refresh_token', 'scope', 'id_token'].forEach(optionalString);
  if (typeof body.refresh_token === 'string' && body.refresh_token.length === 0) problems.push('refresh_token must not be empty');
  const lifetime = expiresIn(body.expires_in);
  if (lifetime === null) problems.push('expires_in must be a non-negative integer or a digit string');
  if (problems.length) throw fail('schema_mismatch', problems.join('; '));

  const tokens = { ...body } as TokenSet;
  // (`delete` only when needed: it turns the object into a slower dictionary-mode one.)
  if (typeof lifetime === 'number') tokens.expires_in = lifetime;
  else if ('expires_in' in tokens) delete tokens.expires_in;
  return tokens;
}

/**
 * Turns a non-200 response into the error it stands for: an RFC 6749 §5.2 error body becomes an
 * `OAuthError`; a gateway page, a redirect or anything else becomes an `InvalidResponseError`.
 */
export function parseTokenFailure(response: RawResponse, givenSecrets: SecretValues): OAuthError | InvalidResponseError {
  const body = isJsonMediaType(response.headers.get('content-type')) ? parseJsonObject(response.body) : undefined;
  const knownSecrets = withResponseTokens(givenSecrets, body ?? parseJsonObject(response.body));
  const rawContentType = response.headers.get('content-type');
  const contentType = rawContentType === null ? undefined : redact(rawContentType, knownSecrets);
  const shortBody = excerpt(response.body, knownSecrets);
  if (body && typeof body.error === 'string' && response.status >= 400) {
    if (!OAUTH_ERROR_CODES.includes(body.error)) {
      return new InvalidResponseError({
        status: response.status,
        reason: 'schema_mismatch',
        contentType,
        excerpt: shortBody,
        detail: `error code ${JSON.stringify(excerpt(body.error, knownSecrets, 40))} is not one the spec allows`,
      });
    }
    const text = (value: unknown) => (typeof value === 'string' ? excerpt(value, knownSecrets, 500) : undefined);
    return new OAuthError({
      error: body.error as OAuthErrorCode,
      errorDescription: text(body.error_description),
      errorUri: text(body.error_uri),
      status: response.status,
      // A header is as server-controlled as the body, and may echo the credentials too.
      wwwAuthenticate: text(response.headers.get('www-authenticate')),
    });
  }
  if (response.status >= 300 && response.status < 400) {
    return new InvalidResponseError({
      status: response.status,
      reason: 'unexpected_redirect',
      contentType,
      excerpt: shortBody,
      detail: 'the token endpoint responded with a redirect, which was not followed so credentials are not resent elsewhere; check baseUrl',
    });
  }
  const what =
    response.status >= 500
      ? 'a server or gateway failure'
      : response.status >= 400
        ? 'an error without an RFC 6749 error body'
        : 'a status the spec does not list';
  return new InvalidResponseError({
    status: response.status,
    reason: 'unexpected_status',
    contentType,
    excerpt: shortBody,
    detail: `${what}${body ? '' : ' (body is not JSON)'}`,
  });
}
