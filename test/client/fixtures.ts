import { SignJWT, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import { IdTokenError } from 'gmo-aozora-auth';

export const CLIENT_ID = 's6BhdRkqt3';
export const CLIENT_SECRET = 'gX1fBat3bV';
export const STAGING = 'https://stg-api.gmo-aozora.com/ganb/api/auth/v1';
export const STAGING_ISSUER = 'https://stg-api.gmo-aozora.com';
export const REDIRECT_URI = 'https://bff.example.com/callback';

/** Signs an id_token the way the bank does (HS256 with the client secret), claims overridable. */
export async function signIdToken(
  claims: JWTPayload & { nonce?: string | undefined } = {},
  options: { secret?: string | undefined; alg?: string | undefined } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: STAGING_ISSUER, aud: CLIENT_ID, azp: CLIENT_ID, sub: 'user-1', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(options.secret ?? CLIENT_SECRET));
}

/** An unsecured JWT (`alg: none`), which must always be refused. */
export function unsecuredIdToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/** Awaits a call that must fail with an `IdTokenError`, and returns that error for closer checks. */
export async function refusal(promise: Promise<unknown>): Promise<IdTokenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdTokenError);
  return error as IdTokenError;
}
