import type { SchemaAuthorizationErrorCode, SchemaOAuthErrorCode } from '../generated/auth-api.js';

/** The RFC 6749 §5.2 error codes of the token endpoint, typed from the spec's `OAuthErrorCode`. */
export type OAuthErrorCode = SchemaOAuthErrorCode;

/** The RFC 6749 §4.1.2.1 error codes of an authorization callback, from the spec's `AuthorizationErrorCode`. */
export type AuthorizationErrorCode = SchemaAuthorizationErrorCode;

/**
 * Base class of every error thrown by gmo-aozora-auth. Messages and properties never contain
 * the client secret, Basic credentials, codes or tokens.
 *
 * Each subclass pins its `name` and its `code` as literals, so a minifier cannot rename them
 * and `switch (error.code)` on an {@link AnyGanbAuthError} narrows to the class:
 *
 * ```ts
 * if (isGanbAuthError(error)) {
 *   switch (error.code) {
 *     case 'OAUTH_ERROR':
 *       console.warn(error.error, error.status); // error is an OAuthError here
 *       break;
 *     case 'TIMEOUT':
 *       console.warn(error.timeoutMs);
 *   }
 * }
 * ```
 */
export abstract class GanbAuthError extends Error {
  /** The class's name, pinned as a literal (minifiers rename classes). */
  abstract override readonly name: AnyGanbAuthError['name'];
  /** Stable code to switch on; see {@link GanbAuthErrorCode}. */
  abstract readonly code: GanbAuthErrorCode;

  /** @ignore */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** A plain, secret-free view for structured loggers: `name`, `code`, `message` and the class's own fields (never `cause`). */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (!(key in view) && key !== 'cause') view[key] = value;
    }
    return view;
  }
}

/** The fields RFC 6749 gives an error response (§5.2) and an error redirect (§4.1.2.1) alike. */
abstract class RfcError<ErrorCode extends OAuthErrorCode | AuthorizationErrorCode> extends GanbAuthError {
  /** The RFC 6749 error code. */
  readonly error: ErrorCode;
  /** The `error_description`, when given. */
  readonly errorDescription: string | undefined;
  /** The `error_uri`, when given. */
  readonly errorUri: string | undefined;

  constructor(what: string, init: { error: ErrorCode; errorDescription?: string | undefined; errorUri?: string | undefined }) {
    super(`${what} ${init.error}${init.errorDescription ? `: ${init.errorDescription}` : ''}. ${ERROR_ADVICE[init.error]}`);
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.errorUri = init.errorUri;
  }
}

/**
 * The bank refused a token request with an RFC 6749 §5.2 error response, for example
 * `invalid_grant` (used or expired code, revoked refresh token) or `invalid_client` (wrong client
 * credentials). Never retried: the same request cannot succeed.
 */
export class OAuthError extends RfcError<OAuthErrorCode> {
  override readonly name = 'OAuthError' as const;
  readonly code = 'OAUTH_ERROR' as const;
  /** HTTP status of the response (400, 401, …). */
  readonly status: number;
  /** The `WWW-Authenticate` header that may come with `invalid_client` (401). */
  readonly wwwAuthenticate: string | undefined;

  /** @ignore */
  constructor(init: {
    error: OAuthErrorCode;
    errorDescription?: string | undefined;
    errorUri?: string | undefined;
    status: number;
    wwwAuthenticate?: string | undefined;
  }) {
    super(`the bank responded with HTTP ${init.status}`, init);
    this.status = init.status;
    this.wwwAuthenticate = init.wwwAuthenticate;
  }
}

/**
 * The bank redirected the browser back with an RFC 6749 §4.1.2.1 error instead of a code, for
 * example `access_denied` when the user declined. Thrown by `parseCallback`; no request was made.
 */
export class AuthorizationError extends RfcError<AuthorizationErrorCode> {
  override readonly name = 'AuthorizationError' as const;
  readonly code = 'AUTHORIZATION_ERROR' as const;

  /** @ignore */
  constructor(init: { error: AuthorizationErrorCode; errorDescription?: string | undefined; errorUri?: string | undefined }) {
    super('the bank redirected back with', init);
  }
}

const ERROR_ADVICE: Record<OAuthErrorCode | AuthorizationErrorCode, string> = {
  access_denied: 'The user or the bank declined the authorization; offer to start the login again.',
  unsupported_response_type: 'The bank does not allow response_type=code for this client.',
  temporarily_unavailable: 'The bank cannot handle the authorization now; try again later.',
  invalid_request: 'The request was malformed or missed a parameter; check the inputs against the spec.',
  invalid_client: 'Client authentication failed; check clientId, clientSecret and the registered authMethod.',
  invalid_grant: 'The code or refresh token is invalid, expired, already used or bound to another redirect URI; start a new login.',
  unauthorized_client: 'This client is not allowed to use this grant; check its registration with the bank.',
  unsupported_grant_type: 'The bank does not support this grant type for this client.',
  invalid_scope: 'A requested scope is unknown or not allowed for this client.',
  server_error: 'The bank failed while handling the request; try again later.',
};

/**
 * The authorization callback is not one RFC 6749 §4.1.2 allows: an `error` value that is not an
 * RFC 6749 §4.1.2.1 code, neither a code nor an error, or a code the spec does not allow. Its
 * state matched, so the bank (or something between it and the browser) sent it: refuse the
 * callback and start a new login.
 */
export class InvalidCallbackError extends GanbAuthError {
  override readonly name = 'InvalidCallbackError' as const;
  readonly code = 'INVALID_CALLBACK' as const;

  /** @ignore */
  constructor(detail: string) {
    super(`the authorization callback ${detail}. Refuse it and start a new login.`);
  }
}

/** Why a response did not match what the spec allows. */
export type InvalidResponseReason = 'not_json' | 'unexpected_content_type' | 'schema_mismatch' | 'unexpected_status' | 'body_too_large' | 'unexpected_redirect';

/**
 * The response was not one the spec allows: an HTML gateway page, a body that is not JSON, JSON
 * without `access_token` or with wrong types, a redirect, or a body over the size limit. Carries
 * the status and a short, redacted excerpt of the body.
 */
export class InvalidResponseError extends GanbAuthError {
  override readonly name = 'InvalidResponseError' as const;
  readonly code = 'INVALID_RESPONSE' as const;
  /** HTTP status of the response. */
  readonly status: number;
  /** What was wrong with it. */
  readonly reason: InvalidResponseReason;
  /** The response's `Content-Type`, if any. */
  readonly contentType: string | undefined;
  /** At most 200 characters of the body, with token-like values replaced by `[REDACTED]`. */
  readonly excerpt: string;

  /** @ignore */
  constructor(init: { status: number; reason: InvalidResponseReason; detail: string; contentType?: string | undefined; excerpt?: string; cause?: unknown }) {
    super(`unexpected response from the token endpoint (HTTP ${init.status}): ${init.detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.reason = init.reason;
    this.contentType = init.contentType;
    this.excerpt = init.excerpt ?? '';
  }
}

/** No response came within `timeoutMs`; the request was cut off. */
export class TimeoutError extends GanbAuthError {
  override readonly name = 'TimeoutError' as const;
  readonly code = 'TIMEOUT' as const;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  /** @ignore */
  constructor(timeoutMs: number) {
    super(`the token endpoint did not respond within ${timeoutMs} ms; the request was aborted. Raise timeoutMs or check the network path to the bank.`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Where a network failure happened: `connect` — no connection was ever made, so the bank saw
 * nothing; `request` — the connection failed before any response arrived; `response` — it failed
 * while the response's body was being read.
 */
export type NetworkFailurePhase = 'connect' | 'request' | 'response';

/** The request failed below HTTP (connection refused or reset, DNS, TLS). The original error is `cause`. */
export class NetworkError extends GanbAuthError {
  override readonly name = 'NetworkError' as const;
  readonly code = 'NETWORK_ERROR' as const;
  /** Where the failure happened; decides whether a retry is safe. */
  readonly phase: NetworkFailurePhase;

  /** @ignore */
  constructor(cause: unknown, phase: NetworkFailurePhase) {
    super(`${NETWORK_PHASE_TEXT[phase]}: ${describeCause(cause)}. Check the base URL and the network path to the bank.`, { cause });
    this.phase = phase;
  }
}

const NETWORK_PHASE_TEXT: Record<NetworkFailurePhase, string> = {
  connect: 'could not connect to the token endpoint',
  request: 'the connection to the token endpoint failed before any response',
  response: 'the connection to the token endpoint failed while the response was read',
};

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortedError extends GanbAuthError {
  override readonly name = 'AbortedError' as const;
  readonly code = 'ABORTED' as const;

  /** @ignore */
  constructor(reason: unknown) {
    super('the request was aborted by the caller’s signal.', { cause: reason });
  }
}

/** Which id_token check failed. */
export type IdTokenCheck = 'malformed' | 'alg' | 'signature' | 'iss' | 'sub' | 'aud' | 'azp' | 'exp' | 'iat' | 'nonce' | 'missing';

/**
 * The id_token in a token response failed verification, so no tokens were returned. `check`
 * names the failed check (OpenID Connect Core 1.0 §3.1.3.7).
 */
export class IdTokenError extends GanbAuthError {
  override readonly name = 'IdTokenError' as const;
  readonly code = 'ID_TOKEN_REJECTED' as const;
  /** The check that failed. */
  readonly check: IdTokenCheck;

  /** @ignore */
  constructor(check: IdTokenCheck, detail: string, options?: { cause?: unknown }) {
    super(`id_token rejected (${check}): ${detail}`, options);
    this.check = check;
  }
}

/** The `state` on the callback is not the one this session sent (RFC 6749 §10.12): possible CSRF. */
export class StateMismatchError extends GanbAuthError {
  override readonly name = 'StateMismatchError' as const;
  readonly code = 'STATE_MISMATCH' as const;

  /** @ignore */
  constructor(detail = 'the callback’s state does not match the state saved for this session') {
    super(`${detail}. Refuse the callback and start a new login.`);
  }
}

/** A value passed to the library breaks the spec's rules; nothing was sent. */
export class InvalidInputError extends GanbAuthError {
  override readonly name = 'InvalidInputError' as const;
  readonly code = 'INVALID_INPUT' as const;
  /** The offending input, by the name the caller used. */
  readonly field: string;
  /** What is wrong with it, e.g. `must be a non-empty string`; the message is `${field} ${problem}; nothing was sent.` */
  readonly problem: string;

  /** @ignore */
  constructor(field: string, problem: string) {
    super(`${field} ${problem}; nothing was sent.`);
    this.field = field;
    this.problem = problem;
  }
}

/** The options given to `createTokenClient` cannot work. */
export class ConfigurationError extends GanbAuthError {
  override readonly name = 'ConfigurationError' as const;
  readonly code = 'INVALID_CONFIGURATION' as const;
  /** The offending option. */
  readonly option: string;
  /** What is wrong with it; the message is `${option} ${problem}.` */
  readonly problem: string;

  /** @ignore */
  constructor(option: string, problem: string) {
    super(`${option} ${problem}.`);
    this.option = option;
    this.problem = problem;
  }
}

/**
 * The session cannot get an access token without a new login: the bank refused its refresh token
 * (`invalid_grant`, then `cause` is the `OAuthError`), the token manager holds no tokens for the
 * key, or the access token expired and there is no refresh token. The stored tokens are gone.
 */
export class LoginRequiredError extends GanbAuthError {
  override readonly name = 'LoginRequiredError' as const;
  readonly code = 'LOGIN_REQUIRED' as const;

  /** @ignore */
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`${detail}; send the user through the login again.`, options);
  }
}

/** A token or nonce store failed (unreachable, a command failed, too slow); `cause` is its error. */
export class StoreError extends GanbAuthError {
  override readonly name = 'StoreError' as const;
  readonly code = 'STORE_ERROR' as const;
}

/**
 * The testing kit's consent helpers (`approveAuthorization`, `denyAuthorization` of
 * `gmo-aozora-auth/testing`) got no redirect from the authorization endpoint: it refused the
 * request before any redirect (an unregistered client or redirect URI).
 */
export class ConsentError extends GanbAuthError {
  override readonly name = 'ConsentError' as const;
  readonly code = 'CONSENT_FAILED' as const;
  /** HTTP status of the response (400 for a refused request; 0 for a browser's opaque redirect). */
  readonly status: number;
  /** The response's `error` code, when it carried an RFC 6749 §4.1.2.1 error body. */
  readonly error: string | undefined;
  /** The response's `error_description`, when given. */
  readonly errorDescription: string | undefined;

  /** @ignore */
  constructor(status: number, detail: string, body?: { error?: unknown; error_description?: unknown }) {
    super(`the authorization endpoint did not redirect (HTTP ${status}): ${detail}`);
    this.status = status;
    this.error = typeof body?.error === 'string' ? body.error : undefined;
    this.errorDescription = typeof body?.error_description === 'string' ? body.error_description : undefined;
  }
}

/**
 * Every error class of gmo-aozora-auth. After {@link isGanbAuthError}, `switch (error.code)`
 * narrows to the class, with its fields.
 */
export type AnyGanbAuthError =
  | OAuthError
  | AuthorizationError
  | InvalidCallbackError
  | InvalidResponseError
  | TimeoutError
  | NetworkError
  | AbortedError
  | IdTokenError
  | StateMismatchError
  | InvalidInputError
  | ConfigurationError
  | LoginRequiredError
  | StoreError
  | ConsentError;

/**
 * Stable, machine-readable code of every error this library throws. Switch on `error.code`
 * rather than on `instanceof` when errors may cross package copies.
 */
export type GanbAuthErrorCode = AnyGanbAuthError['code'];

/** Whether `value` is an error of this library; narrows to {@link AnyGanbAuthError}, so `switch (value.code)` narrows further. */
export function isGanbAuthError(value: unknown): value is AnyGanbAuthError {
  return value instanceof GanbAuthError;
}

/**
 * The error code of a fetch failure, if it has one. Fetch refuses the ports on the Fetch
 * Standard's "bad port" list before connecting, and undici reports that as a bare
 * `Error('bad port')`: it is given the code `BAD_PORT` here, so it reads like ECONNREFUSED.
 */
export function failureCode(error: unknown): string | undefined {
  // Stryker disable next-line ConditionalExpression: equivalent — a string, number or function destructures to no code and no message, the same as undefined.
  if (!error || typeof error !== 'object') return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return message === 'bad port' ? 'BAD_PORT' : undefined;
}

/** Describes an underlying error by its type and code only: its message may echo request data. */
function describeCause(cause: unknown): string {
  if (cause && typeof cause === 'object') {
    const code = failureCode(cause) ?? failureCode((cause as { cause?: unknown }).cause);
    const name = (cause as { name?: unknown }).name;
    return [typeof name === 'string' ? name : 'Error', code].filter(Boolean).join(' ');
  }
  return 'unknown failure';
}
