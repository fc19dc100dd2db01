import { InvalidInputError, StoreError } from './errors.js';
import { inspectCustom, maskToken } from '../shared/mask.js';
import { checkIdTokenClaims } from './openid.js';
import type { TokenResult } from './token-result.js';
import type { StoredTokens } from './token-store.js';

/**
 * Default of `TokenManagerOptions.assumedLifetimeSec`: the lifetime assumed for an access token
 * whose response carried no `expires_in`, in seconds.
 *
 * RFC 6749 §5.1 only recommends `expires_in`. Guessing short costs one early refresh (and a
 * fresh refresh token); guessing long hands out a token the bank may already refuse. So the
 * guess is short: an hour, not the 30 days the bank's tokens are reported to last.
 */
export const DEFAULT_ASSUMED_LIFETIME_SEC = 3600;

/**
 * Turns a token result into the record the manager stores, with `expiresAt` computed from
 * `receivedAt`. Fields the response omits on refresh (refresh token, scope, id_token claims) keep
 * their values from `previous`, as RFC 6749 §6 allows a refresh response to omit them.
 */
export function toStoredTokens(result: TokenResult, receivedAt: number, assumedLifetimeSec: number, previous?: StoredTokens): StoredTokens {
  const { tokens } = result;
  const lifetimeSec = typeof tokens.expires_in === 'number' ? tokens.expires_in : assumedLifetimeSec;
  const record: StoredTokens = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    tokenType: tokens.token_type,
    scope: tokens.scope ?? previous?.scope,
    expiresAt: receivedAt + lifetimeSec * 1000,
    idTokenClaims: result.idTokenClaims ?? previous?.idTokenClaims,
  };
  // Absent fields are left out rather than stored as `undefined`, so every store's JSON is the same.
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as unknown as StoredTokens;
}

/**
 * Checks a token result: what `save` was given, or what the client's `refresh` resolved to.
 * `field` names it in the error. A bare token response (the result shape before 0.2) is refused
 * with the way to pass it, rather than read as a result without tokens.
 */
export function checkTokenResult(value: unknown, field: string): TokenResult {
  const result = value as { tokens?: Record<string, unknown>; idTokenClaims?: unknown; access_token?: unknown } | null;
  if (typeof result !== 'object' || result === null)
    throw new InvalidInputError(field, 'must be the result of exchangeCode or refresh: { tokens, idTokenClaims? }');
  if (result.tokens === undefined && result.access_token !== undefined) {
    throw new InvalidInputError(
      field,
      'is a bare token response: pass the result of exchangeCode or refresh as it is ({ tokens, idTokenClaims }), or { tokens } for a response without verified claims',
    );
  }
  const tokens = result.tokens;
  if (typeof tokens !== 'object' || tokens === null) throw new InvalidInputError(`${field}.tokens`, 'must be the token response of exchangeCode or refresh');
  if (typeof tokens.access_token !== 'string' || tokens.access_token === '')
    throw new InvalidInputError(`${field}.tokens.access_token`, 'must be a non-empty string');
  if (typeof tokens.token_type !== 'string' || tokens.token_type === '')
    throw new InvalidInputError(`${field}.tokens.token_type`, 'must be a non-empty string');
  if (tokens.refresh_token !== undefined && (typeof tokens.refresh_token !== 'string' || tokens.refresh_token === '')) {
    throw new InvalidInputError(`${field}.tokens.refresh_token`, 'must be a non-empty string when present');
  }
  if (tokens.expires_in !== undefined && (typeof tokens.expires_in !== 'number' || !Number.isFinite(tokens.expires_in) || tokens.expires_in < 0)) {
    throw new InvalidInputError(`${field}.tokens.expires_in`, 'must be a number of seconds ≥ 0 when present');
  }
  checkIdTokenClaims(`${field}.idTokenClaims`, result.idTokenClaims, 'a result of exchangeCode or refresh');
  return result as TokenResult;
}

/**
 * Checks a record read back from a store: a store shared with other code, or one whose data was
 * corrupted, must not hand the manager `undefined` where a token belongs.
 */
export function checkStoredTokens(value: unknown): StoredTokens | undefined {
  if (value === undefined || value === null) return undefined;
  const record = value as Partial<StoredTokens>;
  const valid =
    typeof record === 'object' &&
    typeof record.accessToken === 'string' &&
    record.accessToken !== '' &&
    typeof record.tokenType === 'string' &&
    // Stryker disable next-line ConditionalExpression: equivalent — Number.isFinite below is false for every value that is not a number; the typeof test narrows the type.
    typeof record.expiresAt === 'number' &&
    Number.isFinite(record.expiresAt) &&
    (record.refreshToken === undefined || (typeof record.refreshToken === 'string' && record.refreshToken !== ''));
  if (!valid) throw new StoreError('the token store returned a value that is not a token record (accessToken, tokenType, expiresAt)');
  return record as StoredTokens;
}

/**
 * A copy of a record for callers: JSON keeps every field (a session store must be able to
 * serialise it), while `util.inspect`/`console.log` shows the tokens masked.
 */
export function withMaskedRecordInspect(record: StoredTokens): StoredTokens {
  const copy = { ...record };
  Object.defineProperty(copy, inspectCustom, { enumerable: false, value: () => maskRecord(record) });
  return Object.freeze(copy);
}

/** The record with its two tokens masked, for logs. */
function maskRecord(record: StoredTokens): Record<string, unknown> {
  const view: Record<string, unknown> = { ...record, accessToken: maskToken(record.accessToken) };
  if (record.refreshToken !== undefined) view.refreshToken = maskToken(record.refreshToken);
  return view;
}
