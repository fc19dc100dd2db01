import type { SchemaAuthorizationErrorCode } from '../generated/auth-api.js';
import { ConsentError } from '../index.js';
import type { MockBank } from './mock-bank.js';

/** Options of {@link approveAuthorization}. */
export interface ApproveAuthorizationOptions {
  /** Call this mock bank's handler directly: no network, no msw, works in any runtime. */
  bank?: Pick<MockBank, 'handle'> | undefined;
  /** The fetch to send the request with when no `bank` is given. Default `globalThis.fetch` (which msw intercepts). */
  fetch?: typeof fetch | undefined;
}

async function readErrorBody(response: Response): Promise<{ error?: unknown; error_description?: unknown } | undefined> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Plays the user's browser at the consent step: requests the authorization URL without
 * following redirects and returns the URL the browser would land on — the redirect URI with
 * `code` and `state`, or with `error` and `state` when the bank refused (an unknown scope, a
 * queued `deny-consent` fault). Pass `bank` to call the mock directly; otherwise the request
 * goes through `fetch`, which msw's `setupServer(...mockBankHandlers(bank))` or a loopback mock
 * server responds. (Browsers hide the `Location` of a manual redirect: pass `bank` there.)
 *
 * @throws {ConsentError} when the endpoint responds without a redirect (unregistered client or redirect URI).
 * @example
 * const callbackUrl = await approveAuthorization(url);
 * const { code } = auth.parseCallback(callbackUrl, { expectedState: state });
 */
export async function approveAuthorization(authorizationUrl: string | URL, options: ApproveAuthorizationOptions = {}): Promise<string> {
  const url = new URL(authorizationUrl);
  const response = options.bank
    ? await options.bank.handle(new Request(url, { redirect: 'manual' }))
    : await (options.fetch ?? globalThis.fetch)(url, { redirect: 'manual' });
  if (response.type === 'opaqueredirect') {
    throw new ConsentError(0, 'this runtime hides the Location of redirects (a browser); pass { bank } to call the mock bank directly');
  }
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    // Not awaited: with msw's interceptor active, cancelling a passed-through response's body
    // never settles (msw 2.15), which hung a loopback login in a process that also uses msw.
    response.body?.cancel().catch(() => undefined);
    return new URL(location, url).href;
  }
  const body = await readErrorBody(response);
  const detail = typeof body?.error_description === 'string' ? body.error_description : typeof body?.error === 'string' ? body.error : 'no redirect';
  throw new ConsentError(response.status, detail, body);
}

/** Options of {@link denyAuthorization}. */
export interface DenyAuthorizationOptions {
  /** The error code on the redirect. Default `access_denied`. */
  error?: SchemaAuthorizationErrorCode | undefined;
  /** The `error_description`. Default "the user declined consent". */
  errorDescription?: string | undefined;
}

/**
 * Builds the callback URL the browser lands on when the user declines consent (RFC 6749
 * §4.1.2.1): the authorization URL's `redirect_uri` with `error`, `error_description` and the
 * same `state`. Computed locally, without asking the bank; to have the mock bank itself refuse,
 * queue `bank.inject({ type: 'deny-consent' })` and call {@link approveAuthorization}.
 *
 * @example
 * const callbackUrl = denyAuthorization(url);
 * expect(() => auth.parseCallback(callbackUrl, { expectedState: state })).toThrow(OAuthError);
 */
export function denyAuthorization(authorizationUrl: string | URL, options: DenyAuthorizationOptions = {}): string {
  const request = new URL(authorizationUrl).searchParams;
  const redirectUri = request.get('redirect_uri');
  if (!redirectUri || !URL.canParse(redirectUri)) throw new TypeError('the authorization URL carries no absolute redirect_uri');
  const callback = new URL(redirectUri);
  callback.searchParams.set('error', options.error ?? 'access_denied');
  callback.searchParams.set('error_description', options.errorDescription ?? 'the user declined consent');
  const state = request.get('state');
  if (state !== null) callback.searchParams.set('state', state);
  return callback.href;
}
