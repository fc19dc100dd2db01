import { startDeadline } from './deadline.js';
import { IdTokenError, InvalidInputError } from './errors.js';
import type { NonceHooks } from './nonce.js';
import { constantTimeEqual } from '../shared/constant-time.js';
import type { IdTokenClaims } from './token-response.js';
import { checkString } from './validate.js';

/**
 * What a code exchange knows about the login it finishes: the nonce kept in the user's session
 * (`expectedNonce`), or only that `openid` was asked for, or nothing (then the nonce hooks decide,
 * and a missing id_token is refused only when the granted scope names `openid`).
 */
export interface LoginExpectation {
  readonly expectedNonce: string | undefined;
  /** True when the login asked for `openid`: an id_token is then required (OIDC Core §3.1.3.3). */
  readonly openid: boolean;
}

/** Reads `expectedNonce` and `openid` from exchangeCode's input; a contradiction is refused before anything is sent. */
export function loginExpectation(args: Record<string, unknown>): LoginExpectation {
  const expectedNonce = args.expectedNonce === undefined ? undefined : checkString('expectedNonce', args.expectedNonce, 'Nonce');
  if (args.openid !== undefined && typeof args.openid !== 'boolean') throw new InvalidInputError('openid', 'must be a boolean');
  if (expectedNonce !== undefined && args.openid === false) {
    throw new InvalidInputError('openid', 'is false, but expectedNonce says the login asked for openid');
  }
  return { expectedNonce, openid: expectedNonce !== undefined || args.openid === true };
}

/** The limits a nonce hook runs within: the caller's signal and the client's `timeoutMs`. */
export interface HookLimits {
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
}

/** Runs the application's `check` hook, which may not outlive the caller's signal or `timeoutMs`. */
async function askHook(hooks: NonceHooks, nonce: string, limits: HookLimits): Promise<boolean> {
  const deadline = startDeadline(limits.timeoutMs, limits.signal);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent — an AbortSignal fires abort at most once.
  const fired = new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(deadline.reason()), { once: true }));
  try {
    return (await Promise.race([fired, Promise.resolve().then(() => hooks.check(nonce))])) === true;
  } catch (cause) {
    const reason = deadline.reason();
    // A hook may reject with undefined, which is also what reason() says while the deadline has not fired.
    if (reason !== undefined && cause === reason) {
      if (reason.code === 'ABORTED') throw reason;
      throw new IdTokenError('nonce', `the nonce check hook did not settle within ${limits.timeoutMs} ms (timeoutMs)`, { cause });
    }
    throw new IdTokenError('nonce', 'the nonce check hook failed', { cause });
  } finally {
    deadline.dispose();
  }
}

/**
 * Checks the id_token's `nonce` (OIDC Core §3.1.3.7 step 11): against `expectedNonce` in constant
 * time when the caller kept it, else through the hooks, which consume it. Every message says
 * only what is known: whether a nonce was sent is known only when the caller said so.
 */
export async function checkNonce(claims: IdTokenClaims, expectation: LoginExpectation, hooks: NonceHooks, limits: HookLimits): Promise<void> {
  const nonce = claims.nonce;
  if (typeof nonce !== 'string' || nonce.length === 0) {
    throw new IdTokenError(
      'nonce',
      expectation.openid
        ? 'the id_token carries no nonce, but one was sent with the authorization request'
        : 'the id_token carries no nonce, so it cannot be tied to a login of this client (authorizationUrl sends a nonce with every openid request)',
    );
  }
  if (expectation.expectedNonce !== undefined) {
    if (!constantTimeEqual(nonce, expectation.expectedNonce)) {
      throw new IdTokenError(
        'nonce',
        'the id_token’s nonce is not the nonce of this login kept in the session (a replayed id_token, or a callback of another login?)',
      );
    }
    return;
  }
  if (!(await askHook(hooks, nonce, limits))) {
    throw new IdTokenError(
      'nonce',
      'the nonce is unknown, expired or already used: a replayed id_token, or, with several instances, a nonce store not shared by them (the default one lives in one process); keep the nonce in the session and pass expectedNonce, or share the hooks’ storage',
    );
  }
}

const withoutTrailingSlash = (issuer: string) => issuer.replace(/\/$/, '');

function sameAudiences(a: string | string[], b: string | string[]): boolean {
  const left = new Set(Array.isArray(a) ? a : [a]);
  const right = new Set(Array.isArray(b) ? b : [b]);
  return left.size === right.size && [...left].every((audience) => right.has(audience));
}

/**
 * Checks that a refreshed id_token belongs to the login it renews (OIDC Core §12.2): the same
 * issuer, subject, audience and authorized party as the original id_token.
 */
export function checkSameLogin(claims: IdTokenClaims, original: IdTokenClaims): void {
  const differs = 'than the id_token of the original login (OpenID Connect Core 1.0 §12.2)';
  if (withoutTrailingSlash(claims.iss) !== withoutTrailingSlash(original.iss))
    throw new IdTokenError('iss', `the refreshed id_token has another iss ${differs}`);
  if (!constantTimeEqual(claims.sub, original.sub)) throw new IdTokenError('sub', `the refreshed id_token names another user (sub) ${differs}`);
  if (!sameAudiences(claims.aud, original.aud)) throw new IdTokenError('aud', `the refreshed id_token has another aud ${differs}`);
  if (original.azp !== undefined && claims.azp !== undefined && claims.azp !== original.azp) {
    throw new IdTokenError('azp', `the refreshed id_token has another azp ${differs}`);
  }
}

/**
 * Checks claims handed back to us — `originalIdTokenClaims` of refresh's input, a result given to
 * the token manager — as a result's `idTokenClaims` held them: an object with `iss`, `sub` and `aud`.
 */
export function checkIdTokenClaims(field: string, value: unknown, whose = 'the original login'): IdTokenClaims | undefined {
  if (value === undefined) return undefined;
  const claims = value as Partial<IdTokenClaims> | null;
  const isText = (v: unknown) => typeof v === 'string' && v.length > 0;
  const audOk = isText(claims?.aud) || (Array.isArray(claims?.aud) && claims.aud.length > 0 && claims.aud.every(isText));
  if (typeof claims !== 'object' || claims === null || !isText(claims.iss) || !isText(claims.sub) || !audOk) {
    throw new InvalidInputError(field, `must be the idTokenClaims of ${whose}, with iss, sub and aud`);
  }
  return claims as IdTokenClaims;
}
