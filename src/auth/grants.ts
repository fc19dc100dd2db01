import type { SchemaAuthorizationCodeTokenRequest, SchemaRefreshTokenRequest, SchemaTokenRequest } from '../generated/auth-api.js';
import type { ClientAuthentication } from './credentials.js';

/** Which grant a request was for: the two differ in what is safe to repeat. */
export type GrantKind = 'authorization_code' | 'refresh_token';

/** The token request for a new token from an authorization code (RFC 6749 §4.1.3). */
export function authorizationCodeGrant(code: string, redirectUri: string, auth: ClientAuthentication): SchemaAuthorizationCodeTokenRequest {
  return { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...auth.body };
}

/** The token request renewing an access token with a refresh token (RFC 6749 §6). */
export function refreshTokenGrant(refreshToken: string, auth: ClientAuthentication): SchemaRefreshTokenRequest {
  return { grant_type: 'refresh_token', refresh_token: refreshToken, ...auth.body };
}

/**
 * Serializes a token request as `application/x-www-form-urlencoded`, the encoding RFC 6749
 * §4.1.3 requires (the bank's SDK docs say JSON; its SDKs send form data).
 */
export function formBody(request: SchemaTokenRequest): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) {
    if (value !== undefined) form.append(key, String(value));
  }
  return form.toString();
}
