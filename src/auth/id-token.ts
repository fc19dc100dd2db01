import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { IdTokenError, type IdTokenCheck } from './errors.js';
import type { IdTokenClaims } from './token-response.js';

/** What an id_token from this bank must satisfy. */
export interface IdTokenExpectations {
  /** Expected `iss`; the bank's issuer for the environment. */
  readonly issuer: string;
  readonly clientId: string;
  /** The HS256 key: the client secret's UTF-8 bytes (the bank publishes no JWKS). */
  readonly key: Uint8Array;
  /** Allowed clock difference, in seconds. */
  readonly clockToleranceSec: number;
  /** Oldest acceptable `iat`, in seconds (the bank's Java SDK uses 600). */
  readonly maxAgeSec: number;
}

/** The only algorithm the bank signs id_tokens with; `none` and everything else is refused. */
const ALLOWED_ALGORITHMS = ['HS256'];

function claimCheck(claim: string): IdTokenCheck {
  return (['iss', 'sub', 'aud', 'exp', 'iat', 'azp', 'nonce'] as const).find((c) => c === claim) ?? 'malformed';
}

function fromJose(error: unknown): IdTokenError {
  if (error instanceof errors.JWTExpired) return new IdTokenError('exp', 'the id_token has expired', { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new IdTokenError(claimCheck(error.claim), `the ${error.claim} claim failed (${error.reason})`, { cause: error });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new IdTokenError('signature', 'the HS256 signature does not verify with the client secret', { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new IdTokenError('alg', 'the algorithm is not HS256', { cause: error });
  return new IdTokenError('malformed', 'the id_token is not a well-formed signed JWT', { cause: error });
}

/**
 * Verifies an id_token as OpenID Connect Core 1.0 §3.1.3.7 asks and as the bank's SDKs do:
 * HS256 signature with the client secret (allow-listed algorithm), `iss`, `aud` containing the
 * client id, `azp`, `exp`, `iat` not in the future nor older than `maxAgeSec`, and a non-empty
 * string `sub`. The nonce is checked separately (openid.ts), after the signature, so forged
 * tokens cannot burn saved nonces.
 */
export async function verifyIdToken(token: string, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch (error) {
    throw fromJose(error);
  }
  if (typeof alg !== 'string' || !ALLOWED_ALGORITHMS.includes(alg)) {
    throw new IdTokenError('alg', `the algorithm ${JSON.stringify(String(alg).slice(0, 20))} is not allowed; only HS256 is`);
  }
  let claims: IdTokenClaims;
  try {
    const verified = await jwtVerify(token, expected.key, {
      algorithms: ALLOWED_ALGORITHMS,
      // One of the bank's SDKs writes the issuer with a trailing slash; accept both spellings.
      issuer: [expected.issuer.replace(/\/$/, ''), `${expected.issuer.replace(/\/$/, '')}/`],
      audience: expected.clientId,
      clockTolerance: expected.clockToleranceSec,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'],
    });
    claims = verified.payload as IdTokenClaims;
  } catch (error) {
    throw fromJose(error);
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.iat !== 'number' || claims.iat > now + expected.clockToleranceSec) {
    throw new IdTokenError('iat', 'iat is in the future');
  }
  if (now - claims.iat > expected.maxAgeSec + expected.clockToleranceSec) {
    throw new IdTokenError('iat', `the id_token was issued more than ${expected.maxAgeSec} s ago`);
  }
  // jose checks only that a `sub` exists; OIDC Core §2 makes it a non-empty string.
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new IdTokenError('sub', 'sub is missing or not a non-empty string (OpenID Connect Core 1.0 §2)');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.azp !== undefined && claims.azp !== expected.clientId) throw new IdTokenError('azp', 'azp is not this client id');
  if (claims.azp === undefined && audiences.length > 1) throw new IdTokenError('azp', 'azp is required when aud names several clients');
  return claims;
}
