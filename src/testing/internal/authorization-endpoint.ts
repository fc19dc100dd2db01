import type { SchemaAuthorizationErrorCode } from '../../generated/auth-api.js';
import { schemaEnums, schemaLimits } from '../../generated/spec-values.js';
import { redirectUriMatches } from '../clients.js';
import type { BankContext } from './context.js';
import { randomToken } from '../../shared/random.js';
import { withinLengthLimits } from '../../shared/spec-length.js';
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
 * unknown `client_id` or an unregistered `redirect_uri` gets a 400 page and never
 * redirected, so the endpoint cannot be used as an open redirector; every other problem
 * travels back on the redirect as `error`, `error_description` and `state`.
 */
export function handleAuthorization(request: Request, context: BankContext): Response {
  if (request.method !== 'GET') return methodNotAllowed('GET');
  const { values: query, repeated } = parseParams(new URL(request.url).searchParams);

  if (repeated.includes('client_id') || repeated.includes('redirect_uri')) return authorizationErrorPage('client_id and redirect_uri must each be sent once');
  const client = query.client_id === undefined ? undefined : context.clients.get(query.client_id);
  if (!client) return authorizationErrorPage(query.client_id ? 'client_id is not registered with the bank' : 'client_id is required');
  const redirectUri = query.redirect_uri;
  if (!redirectUri) return authorizationErrorPage('redirect_uri is required');
  if (!withinLengthLimits(redirectUri, schemaLimits.RedirectUri))
    return authorizationErrorPage(`redirect_uri is longer than ${schemaLimits.RedirectUri.maxLength} characters`);
  if (!client.redirectUris.some((registered) => redirectUriMatches(registered, redirectUri, context.settings.loopbackRedirectAnyPort))) {
    return authorizationErrorPage('redirect_uri is not registered for this client');
  }

  const state = query.state;
  const refusal =
    checkRequest(query, repeated, context) ?? (context.faults.take('deny-consent') ? problem('access_denied', 'the user declined consent') : undefined);
  if (refusal) return redirectTo(redirectUri, { error: refusal.error, error_description: refusal.description, state });

  const scopes = [...new Set(query.scope!.split(' ').filter(Boolean))];
  const now = context.settings.now();
  const code = randomToken();
  context.store.codes.set(code, {
    grant: context.store.newGrant(client, scopes, query.nonce, now),
    redirectUri,
    expiresAt: now + context.settings.codeTtlSec * 1000,
    used: false,
  });
  return redirectTo(redirectUri, { code, state });
}

/** The first problem with a request whose client and redirect URI are trusted, if any. */
function checkRequest(query: Readonly<Record<string, string>>, repeated: readonly string[], context: BankContext) {
  if (repeated.length) return problem('invalid_request', `parameters sent more than once: ${repeated.join(', ')}`);
  if (!query.response_type) return problem('invalid_request', 'response_type is required');
  if (query.response_type !== RESPONSE_TYPE) return problem('unsupported_response_type', `response_type must be ${RESPONSE_TYPE}`);
  for (const [name, limits] of [
    ['state', schemaLimits.State],
    ['scope', schemaLimits.Scope],
    ['nonce', schemaLimits.Nonce],
  ] as const) {
    const value = query[name];
    if (value === undefined) {
      if (name !== 'nonce') return problem('invalid_request', `${name} is required`);
    } else if (!withinLengthLimits(value, limits)) {
      return problem('invalid_request', `${name} must be ${limits.minLength} to ${limits.maxLength} characters`);
    }
  }
  const scopes = query.scope!.split(' ').filter(Boolean);
  if (scopes.length === 0) return problem('invalid_scope', 'scope names no scope');
  const unknown = scopes.filter((s) => !context.settings.scopes.has(s));
  if (unknown.length) return problem('invalid_scope', `unknown scope: ${unknown.join(' ').slice(0, 100)}`);
  return undefined;
}
