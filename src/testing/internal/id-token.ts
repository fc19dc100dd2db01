import { SignJWT } from 'jose';
import type { IdTokenTamper } from '../faults.js';

/** What goes into one id_token. */
export interface IdTokenInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly subject: string;
  /** The nonce bound to the code; absent on refresh (OpenID Connect Core 1.0 §12.2). */
  readonly nonce: string | undefined;
  readonly authTime: number;
  /** Current time, in seconds. */
  readonly now: number;
  readonly lifetimeSec: number;
  readonly tamper?: Exclude<IdTokenTamper, 'missing'> | undefined;
}

const encoder = new TextEncoder();

/**
 * Signs an id_token as the bank does: HS256 with the client secret's UTF-8 bytes as the key
 * (the bank publishes no JWKS), with `iss`, `sub`, `aud` = `azp` = the client id, `iat`, `exp`,
 * `auth_time` and the `nonce` (OpenID Connect Core 1.0 §2, §3.1.3.7). `tamper` spoils exactly
 * one of these for tests of the client's checks.
 */
export async function signIdToken(input: IdTokenInput): Promise<string> {
  const { tamper, now } = input;
  let iat = now;
  let exp = now + input.lifetimeSec;
  if (tamper === 'expired') {
    // Expired well beyond any clock tolerance, yet issued recently enough to pass the age check.
    iat = now - 400;
    exp = now - 300;
  } else if (tamper === 'stale-iat') {
    iat = now - 3600;
  }
  const claims: Record<string, unknown> = {
    iss: tamper === 'wrong-iss' ? 'https://issuer.invalid' : input.issuer,
    sub: input.subject,
    aud: tamper === 'wrong-aud' ? 'another-client' : input.clientId,
    azp: tamper === 'wrong-azp' ? 'another-client' : input.clientId,
    iat,
    exp,
    auth_time: input.authTime,
  };
  if (tamper === 'wrong-nonce') claims.nonce = 'not-the-nonce-you-sent';
  else if (input.nonce !== undefined) claims.nonce = input.nonce;
  const key = encoder.encode(tamper === 'bad-signature' ? `${input.clientSecret}-but-not-quite` : input.clientSecret);
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}
