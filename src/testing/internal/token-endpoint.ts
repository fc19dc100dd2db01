import type { SchemaTokenResponse } from '../../generated/auth-api.js';
import { schemaLimits } from '../../generated/spec-values.js';
import { OFFLINE_SCOPES, type MockClient } from '../clients.js';
import { authenticateClient } from './client-auth.js';
import type { BankContext } from './context.js';
import { signIdToken } from './id-token.js';
import type { Grant } from './store.js';
import { randomToken } from '../../shared/random.js';
import { sleep } from '../../shared/sleep.js';
import { type LengthLimits, withinLengthLimits } from '../../shared/spec-length.js';
import { gatewayPage, jsonResponse, methodNotAllowed, parseParams, tokenError } from './wire.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The first required parameter that is missing or breaks the spec's length limits, as an error response. */
function checkParams(form: Readonly<Record<string, string>>, required: readonly (readonly [string, LengthLimits])[]): Response | undefined {
  for (const [name, limits] of required) {
    const value = form[name];
    if (!value) return tokenError('invalid_request', `${name} is required`);
    if (!withinLengthLimits(value, limits)) {
      return tokenError('invalid_request', `${name} must be ${limits.minLength} to ${limits.maxLength} characters`);
    }
  }
  return undefined;
}

/**
 * `POST /token` (RFC 6749 §3.2): applies queued gateway faults first (they sit in front of the
 * bank), then checks the form encoding, repeated parameters, client authentication and the
 * grant, in that order, responding to each failure with the RFC 6749 §5.2 error the spec lists.
 */
export async function handleToken(request: Request, body: string, context: BankContext): Promise<Response> {
  const delay = context.faults.take('delay');
  if (delay) await sleep(delay.ms, [request.signal, context.lifetime()]);
  const gateway = context.faults.take('gateway-error', 'rate-limit');
  if (gateway?.type === 'rate-limit') return gatewayPage(429, gateway.retryAfter ?? '1');
  if (gateway?.type === 'gateway-error') return gatewayPage(gateway.status ?? 502, gateway.retryAfter);

  if (request.method !== 'POST') return methodNotAllowed('POST');
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== FORM_TYPE) return tokenError('invalid_request', `the body must be ${FORM_TYPE} (RFC 6749 §4.1.3)`);
  const { values: form, repeated } = parseParams(new URLSearchParams(body));
  if (repeated.length) return tokenError('invalid_request', `parameters sent more than once: ${repeated.join(', ')} (RFC 6749 §3.2)`);

  const auth = authenticateClient(request.headers.get('authorization'), form, context.clients);
  if ('refusal' in auth) return auth.refusal;

  switch (form.grant_type) {
    case undefined:
    case '':
      return tokenError('invalid_request', 'grant_type is required');
    case 'authorization_code':
      return codeGrant(form, auth.client, request, context);
    case 'refresh_token':
      return refreshGrant(form, auth.client, request, context);
    default:
      return tokenError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }
}

/** `grant_type=authorization_code` (RFC 6749 §4.1.3). */
async function codeGrant(form: Readonly<Record<string, string>>, client: MockClient, request: Request, context: BankContext): Promise<Response> {
  const invalid = checkParams(form, [
    ['code', schemaLimits.AuthorizationCode],
    ['redirect_uri', schemaLimits.RedirectUri],
  ]);
  if (invalid) return invalid;
  const record = context.store.codes.get(form.code!);
  if (!record) return tokenError('invalid_grant', 'the authorization code is unknown');
  if (record.used) {
    // A second use means the code leaked: revoke everything issued from it (RFC 6749 §4.1.2, §10.5).
    record.grant.revoked = true;
    return tokenError('invalid_grant', 'the authorization code has already been used; the tokens issued from it are revoked');
  }
  if (record.grant.clientId !== client.clientId) return tokenError('invalid_grant', 'the authorization code was issued to another client');
  if (context.settings.now() >= record.expiresAt) return tokenError('invalid_grant', 'the authorization code has expired');
  if (record.redirectUri !== form.redirect_uri) return tokenError('invalid_grant', 'redirect_uri does not match the one sent to /authorization');
  record.used = true;
  return issueTokens(record.grant, client, request, context, { idToken: true, nonce: record.grant.nonce });
}

/** `grant_type=refresh_token` (RFC 6749 §6) with rotation: every refresh token works once. */
async function refreshGrant(form: Readonly<Record<string, string>>, client: MockClient, request: Request, context: BankContext): Promise<Response> {
  const invalid = checkParams(form, [['refresh_token', schemaLimits.RefreshToken]]);
  if (invalid) return invalid;
  const record = context.store.tokens.get(form.refresh_token!);
  if (context.faults.take('invalid-grant-on-refresh')) {
    if (record?.kind === 'refresh') record.state = 'revoked';
    return tokenError('invalid_grant', 'the refresh token has been revoked');
  }
  if (record?.kind !== 'refresh') return tokenError('invalid_grant', 'the refresh token is unknown');
  if (record.grant.clientId !== client.clientId) return tokenError('invalid_grant', 'the refresh token was issued to another client');
  if (record.state === 'rotated') {
    // Reuse of a rotated refresh token means it leaked: end the whole grant (RFC 9700 §4.14.2).
    record.grant.revoked = true;
    return tokenError('invalid_grant', 'the refresh token has already been used; the grant is revoked');
  }
  if (record.state === 'revoked' || record.grant.revoked) return tokenError('invalid_grant', 'the refresh token has been revoked');
  if (context.settings.now() >= record.expiresAt) return tokenError('invalid_grant', 'the refresh token has expired');
  record.state = 'rotated';
  // The nonce belonged to the original authentication; a refreshed id_token carries none (OpenID Connect Core 1.0 §12.2).
  return issueTokens(record.grant, client, request, context, { idToken: context.settings.idTokenOnRefresh, nonce: undefined });
}

/** A 200 token response (RFC 6749 §5.1), recording what it issued. */
async function issueTokens(
  grant: Grant,
  client: MockClient,
  request: Request,
  context: BankContext,
  id: { idToken: boolean; nonce: string | undefined },
): Promise<Response> {
  const { settings, store } = context;
  const now = settings.now();
  const accessToken = randomToken();
  store.tokens.set(accessToken, { kind: 'access', grant, expiresAt: now + settings.accessTokenTtlSec * 1000, state: 'active' });
  let refreshToken: string | undefined;
  if (grant.scopes.some((scope) => OFFLINE_SCOPES.includes(scope))) {
    refreshToken = randomToken();
    store.tokens.set(refreshToken, { kind: 'refresh', grant, expiresAt: now + settings.refreshTokenTtlSec * 1000, state: 'active' });
  }
  // Field order as in the spec's example response.
  const response: SchemaTokenResponse = {
    access_token: accessToken,
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
    scope: grant.scopes.join(' '),
    token_type: 'Bearer',
    expires_in: settings.expiresInAsString ? String(settings.accessTokenTtlSec) : settings.accessTokenTtlSec,
  };
  if (id.idToken && grant.scopes.includes('openid')) {
    const tamper = context.faults.take('id-token')?.tamper;
    if (tamper !== 'missing') {
      response.id_token = await signIdToken({
        issuer: settings.issuer ?? new URL(request.url).origin,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        subject: settings.subject,
        nonce: id.nonce,
        authTime: grant.authTime,
        now: Math.floor(now / 1000),
        lifetimeSec: settings.idTokenTtlSec,
        tamper,
      });
    }
  }
  return jsonResponse(200, response);
}
