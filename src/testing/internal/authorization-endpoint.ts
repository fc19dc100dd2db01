import type { SchemaAuthorizationErrorCode } from '../../generated/auth-api.js';
import { schemaEnums, schemaLimits } from '../../generated/spec-values.js';
import { redirectUriMatches } from '../clients.js';
import type { BankContext } from './context.js';
import { randomToken } from '../../auth/random.js';
import { authorizationErrorPage, methodNotAllowed, parseParams } from './wire.js';

const RESPONSE_TYPE: string = schemaEnums.ResponseType[0];

/** A 302 to the client's redirect URI with the given parameters added to its query. */
function redirectTo(redirectUri: string, params: Record<string, string | undefined>): Response {
  const location = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) location.searchParams.set(name, value);
  return new Response(null, { status: 302, headers: { Location: location.href, 'Cache-Control': 'no-store' } });
}

/** Why a trusted request is refused, sent back on the redirect (RFC 6749 §4.1.2.1). */
function problem(error: SchemaAuthorizationErrorCode, description: string) {
  return { error, description };
}

/**
 * `GET /authorization` (RFC 6749 §4.1.1): checks the request, "consents" on the user's behalf
 * and redirects to `redirect_uri` with a fresh single-use code and the `state`. A missing or
 * unknown `client_id` or an unregistered `redirect_uri` is answered with a 400 page and never
 * redirected, so the endpoint cannot be used as an open redirector; every other problem
 * travels back on the redirect as `error`, `error_description` and `state`.
 */
export function handleAuthorization(request: Request, ctx: BankContext): Response {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const { values: q, repeated } = parseParams(new URL(request.url).searchParams);

  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) return authorizationErrorPage('client_id and redirect_uri must each be sent once');
  const client = q.client_id === undefined ? undefined : ctx.clients.get(q.client_id);
  if (!client) return authorizationErrorPage(q.client_id ? 'client_id is not registered with the bank' : 'client_id is required');
  const redirectUri = q.redirect_uri;
  if (!redirectUri) return authorizationErrorPage('redirect_uri is required');
  if (redirectUri.length > schemaLimits.RedirectUri.maxLength)
    return authorizationErrorPage(`redirect_uri is longer than ${schemaLimits.RedirectUri.maxLength} characters`);
  if (!client.redirectUris.some((registered) => redirectUriMatches(registered, redirectUri, ctx.settings.loopbackRedirectAnyPort))) {
    return authorizationErrorPage('redirect_uri is not registered for this client');
  }

  const state = q.state;
  const refusal = checkRequest(q, repeated, ctx) ?? (ctx.faults.take('deny-consent') ? problem('access_denied', 'the user declined consent') : undefined);
  if (refusal) return redirectTo(redirectUri, { error: refusal.error, error_description: refusal.description, state });

  const scopes = [...new Set(q.scope!.split(' ').filter(Boolean))];
  const now = ctx.settings.now();
  const code = randomToken();
  ctx.store.codes.set(code, {
    grant: ctx.store.newGrant(client, scopes, q.nonce, now),
    redirectUri,
    expiresAt: now + ctx.settings.codeTtlSec * 1000,
    used: false,
  });
  return redirectTo(redirectUri, { code, state });
}

/** The first problem with a request whose client and redirect URI are trusted, if any. */
function checkRequest(q: Readonly<Record<string, string>>, repeated: readonly string[], ctx: BankContext) {
  if (repeated.length) return problem('invalid_request', `parameters sent more than once: ${repeated.join(', ')}`);
  if (!q.response_type) return problem('invalid_request', 'response_type is required');
  if (q.response_type !== RESPONSE_TYPE) return problem('unsupported_response_type', `response_type must be ${RESPONSE_TYPE}`);
  for (const [name, limits] of [
    ['state', schemaLimits.State],
    ['scope', schemaLimits.Scope],
    ['nonce', schemaLimits.Nonce],
  ] as const) {
    const value = q[name];
    if (value === undefined) {
      if (name !== 'nonce') return problem('invalid_request', `${name} is required`);
    } else if (value.length < limits.minLength || value.length > limits.maxLength) {
      return problem('invalid_request', `${name} must be ${limits.minLength} to ${limits.maxLength} characters`);
    }
  }
  const scopes = q.scope!.split(' ').filter(Boolean);
  if (scopes.length === 0) return problem('invalid_scope', 'scope names no scope');
  const unknown = scopes.filter((s) => !ctx.settings.scopes.has(s));
  if (unknown.length) return problem('invalid_scope', `unknown scope: ${unknown.join(' ').slice(0, 100)}`);
  return undefined;
}
