import type { SchemaAuthorizationErrorResponse, SchemaErrorResponse, SchemaOAuthErrorCode } from '../../generated/auth-api.js';

/** The media type the bank sends JSON as (the spec's `application/json;charset=UTF-8`). */
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** The realm of the `WWW-Authenticate` challenge that comes with 401 `invalid_client`. */
const REALM = 'ganb';

/**
 * A JSON response. `Cache-Control: no-store` and `Pragma: no-cache` on every one, as RFC 6749
 * §5.1 asks of anything carrying tokens or credentials-related errors.
 */
export function jsonResponse(status: number, body: unknown, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_CONTENT_TYPE, 'Cache-Control': 'no-store', Pragma: 'no-cache', ...extraHeaders },
  });
}

/** An RFC 6749 §5.2 error response of the token endpoint; `invalid_client` is 401 with a Basic challenge. */
export function tokenError(error: SchemaOAuthErrorCode, description: string): Response {
  const body: SchemaErrorResponse = { error, error_description: description };
  if (error === 'invalid_client') return jsonResponse(401, body, { 'WWW-Authenticate': `Basic realm="${REALM}"` });
  return jsonResponse(400, body);
}

/** A 400 of the authorization endpoint, for errors that must not be redirected (RFC 6749 §4.1.2.1). */
export function authorizationErrorPage(description: string): Response {
  const body: SchemaAuthorizationErrorResponse = { error: 'invalid_request', error_description: description };
  return jsonResponse(400, body);
}

/** A 405 naming the one method an endpoint accepts. */
export function methodNotAllowed(allow: 'GET' | 'POST'): Response {
  return new Response(`Method Not Allowed: use ${allow}`, { status: 405, headers: { Allow: allow, 'Content-Type': 'text/plain;charset=UTF-8' } });
}

/** A gateway's HTML page, not machine-readable, as the spec's `GatewayErrorPage`. */
export function gatewayPage(status: number, retryAfter: string | undefined): Response {
  const reason = GATEWAY_REASONS[status] ?? 'Error';
  const headers: Record<string, string> = { 'Content-Type': 'text/html;charset=UTF-8' };
  if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
  return new Response(`<html><body><h1>${status} ${reason}</h1></body></html>`, { status, headers });
}

const GATEWAY_REASONS: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Parameters of a query or form body, with the names that appeared more than once. */
export interface ParsedParams {
  /** First value of each parameter. */
  readonly values: Readonly<Record<string, string>>;
  /** Names sent more than once, which RFC 6749 §3.1 / §3.2 forbid. */
  readonly repeated: readonly string[];
}

/** Reads `application/x-www-form-urlencoded` parameters (a query string or a form body). */
export function parseParams(params: URLSearchParams): ParsedParams {
  const values: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [name, value] of params) {
    if (Object.hasOwn(values, name)) repeated.add(name);
    else values[name] = value;
  }
  return { values, repeated: [...repeated] };
}
