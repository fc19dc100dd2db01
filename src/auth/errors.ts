import type { SchemaAuthorizationErrorCode, SchemaOAuthErrorCode } from '../generated/auth-api.js';

/**
 * Stable, machine-readable code of every error this library throws. Switch on
 * `error.code` rather than on `instanceof` when errors may cross package copies.
 */
export type GanbAuthErrorCode =
  | 'OAUTH_ERROR'
  | 'INVALID_RESPONSE'
  | 'TIMEOUT'
  | 'NETWORK_ERROR'
  | 'ABORTED'
  | 'ID_TOKEN_REJECTED'
  | 'STATE_MISMATCH'
  | 'INVALID_INPUT'
  | 'INVALID_CONFIGURATION'
  | 'LOGIN_REQUIRED'
  | 'STORE_ERROR';

/** The RFC 6749 §5.2 error codes of the token endpoint, typed from the spec's `OAuthErrorCode`. */
export type OAuthErrorCode = SchemaOAuthErrorCode;

/** The RFC 6749 §4.1.2.1 error codes of an authorization callback, from the spec's `AuthorizationErrorCode`. */
export type AuthorizationErrorCode = SchemaAuthorizationErrorCode;

/**
 * Base class of every error thrown by gmo-aozora-auth. Messages and properties never contain
 * the client secret, Basic credentials, codes or tokens.
 */
export class GanbAuthError extends Error {
  /** Stable code to switch on. */
  readonly code: GanbAuthErrorCode;

  constructor(code: GanbAuthErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /** A plain, secret-free view for structured loggers. */
  toJSON(): Record<string, unknown> {
    const view: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && key !== 'code') view[key] = value;
    }
    return view;
  }
}

/**
 * The bank refused the request with an RFC 6749 §5.2 error answer, for example `invalid_grant`
 * (used or expired code, revoked refresh token) or `invalid_client` (wrong client credentials).
 * Never retried: the same request cannot succeed.
 */
export class OAuthError extends GanbAuthError {
  /** The RFC 6749 error code: from the token answer's `error` field, or the callback's `error` parameter. */
  readonly error: OAuthErrorCode | AuthorizationErrorCode;
  /** The answer's `error_description`, when given. */
  readonly errorDescription: string | undefined;
  /** The answer's `error_uri`, when given. */
  readonly errorUri: string | undefined;
  /** HTTP status of the answer (400, 401, …); 0 when the error came on a redirect to the callback. */
  readonly status: number;
  /** The `WWW-Authenticate` header that may come with `invalid_client` (401). */
  readonly wwwAuthenticate: string | undefined;

  constructor(init: {
    error: OAuthErrorCode | AuthorizationErrorCode;
    errorDescription?: string | undefined;
    errorUri?: string | undefined;
    status: number;
    wwwAuthenticate?: string | undefined;
  }) {
    const where = init.status ? `the bank answered ${init.status} ${init.error}` : `the bank redirected back with ${init.error}`;
    super('OAUTH_ERROR', `${where}${init.errorDescription ? `: ${init.errorDescription}` : ''}. ${OAUTH_ADVICE[init.error]}`);
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.errorUri = init.errorUri;
    this.status = init.status;
    this.wwwAuthenticate = init.wwwAuthenticate;
  }
}

const OAUTH_ADVICE: Record<OAuthErrorCode | AuthorizationErrorCode, string> = {
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

/** Why an answer did not match what the spec allows. */
export type InvalidResponseReason = 'not_json' | 'unexpected_content_type' | 'schema_mismatch' | 'unexpected_status' | 'body_too_large' | 'unexpected_redirect';

/**
 * The answer was not one the spec allows: an HTML gateway page, a body that is not JSON, JSON
 * without `access_token` or with wrong types, a redirect, or a body over the size limit. Carries
 * the status and a short, redacted excerpt of the body.
 */
export class InvalidResponseError extends GanbAuthError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** What was wrong with it. */
  readonly reason: InvalidResponseReason;
  /** The answer's `Content-Type`, if any. */
  readonly contentType: string | undefined;
  /** At most 200 characters of the body, with token-like values replaced by `[REDACTED]`. */
  readonly excerpt: string;

  constructor(init: { status: number; reason: InvalidResponseReason; detail: string; contentType?: string | undefined; excerpt?: string; cause?: unknown }) {
    super(
      'INVALID_RESPONSE',
      `unexpected answer from the token endpoint (HTTP ${init.status}): ${init.detail}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.status = init.status;
    this.reason = init.reason;
    this.contentType = init.contentType;
    this.excerpt = init.excerpt ?? '';
  }
}

/** No answer came within `timeoutMs`; the request was cut off. */
export class TimeoutError extends GanbAuthError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    super(
      'TIMEOUT',
      `the token endpoint did not answer within ${timeoutMs} ms; the request was aborted. Raise timeoutMs or check the network path to the bank.`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Where a network failure happened: `connect` — no connection was ever made, so the bank saw
 * nothing; `request` — the connection failed before any answer arrived; `answer` — it failed
 * while the answer's body was being read.
 */
export type NetworkFailurePhase = 'connect' | 'request' | 'answer';

/** The request failed below HTTP (connection refused or reset, DNS, TLS). The original error is `cause`. */
export class NetworkError extends GanbAuthError {
  /** Where the failure happened; decides whether a retry is safe. */
  readonly phase: NetworkFailurePhase;

  constructor(cause: unknown, phase: NetworkFailurePhase) {
    super('NETWORK_ERROR', `${NETWORK_PHASE_TEXT[phase]}: ${describeCause(cause)}. Check the base URL and the network path to the bank.`, { cause });
    this.phase = phase;
  }
}

const NETWORK_PHASE_TEXT: Record<NetworkFailurePhase, string> = {
  connect: 'could not connect to the token endpoint',
  request: 'the connection to the token endpoint failed before any answer',
  answer: 'the connection to the token endpoint failed while the answer was read',
};

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortedError extends GanbAuthError {
  constructor(reason: unknown) {
    super('ABORTED', 'the request was aborted by the caller’s signal.', { cause: reason });
  }
}

/** Which id_token check failed. */
export type IdTokenCheck = 'malformed' | 'alg' | 'signature' | 'iss' | 'sub' | 'aud' | 'azp' | 'exp' | 'iat' | 'nonce' | 'missing';

/**
 * The id_token in a token answer failed verification, so no tokens were returned. `check`
 * names the failed check (OpenID Connect Core 1.0 §3.1.3.7).
 */
export class IdTokenError extends GanbAuthError {
  /** The check that failed. */
  readonly check: IdTokenCheck;

  constructor(check: IdTokenCheck, detail: string, options?: { cause?: unknown }) {
    super('ID_TOKEN_REJECTED', `id_token rejected (${check}): ${detail}`, options);
    this.check = check;
  }
}

/** The `state` on the callback is not the one this session sent (RFC 6749 §10.12): possible CSRF. */
export class StateMismatchError extends GanbAuthError {
  constructor(detail = 'the callback’s state does not match the state saved for this session') {
    super('STATE_MISMATCH', `${detail}. Refuse the callback and start a new login.`);
  }
}

/** A value passed to the library breaks the spec's rules; nothing was sent. */
export class InvalidInputError extends GanbAuthError {
  /** The offending input, by the name the caller used. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super('INVALID_INPUT', `${field} ${problem}; nothing was sent.`);
    this.field = field;
  }
}

/** The options given to `createTokenClient` cannot work. */
export class ConfigurationError extends GanbAuthError {
  /** The offending option. */
  readonly option: string;

  constructor(option: string, problem: string) {
    super('INVALID_CONFIGURATION', `${option} ${problem}.`);
    this.option = option;
  }
}

/**
 * The session cannot get an access token without a new login: the bank refused its refresh token
 * (`invalid_grant`, then `cause` is the `OAuthError`), the token manager holds no tokens for the
 * key, or the access token expired and there is no refresh token. The stored tokens are gone.
 */
export class LoginRequiredError extends GanbAuthError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('LOGIN_REQUIRED', `${detail}; send the user through the login again.`, options);
  }
}

/** A token or nonce store failed (unreachable, a command failed, too slow); `cause` is its error. */
export class StoreError extends GanbAuthError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('STORE_ERROR', detail, options);
  }
}

/** Describes an underlying error by its type and code only: its message may echo request data. */
function describeCause(cause: unknown): string {
  if (cause && typeof cause === 'object') {
    const inner = (cause as { cause?: { code?: unknown } }).cause;
    const code = (cause as { code?: unknown }).code ?? inner?.code;
    const name = (cause as { name?: unknown }).name;
    return [typeof name === 'string' ? name : 'Error', typeof code === 'string' ? code : undefined].filter(Boolean).join(' ');
  }
  return 'unknown failure';
}
