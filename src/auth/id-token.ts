import { IdTokenError, type IdTokenCheck } from './errors.js';
import type { IdTokenClaims } from './token-response.js';

/** What an id_token from this bank must satisfy. */
export interface IdTokenExpectations {
  /** Expected `iss`; the bank's issuer for the environment. */
  readonly issuer: string;
  readonly clientId: string;
  /** The HS256 key (the client secret; the bank publishes no JWKS), from {@link hs256Key}. */
  readonly key: () => Promise<CryptoKey>;
  /** Allowed clock difference, in seconds. */
  readonly clockToleranceSec: number;
  /** Oldest acceptable `iat`, in seconds (the bank's Java SDK uses 600). */
  readonly maxAgeSec: number;
}

/** The only algorithm the bank signs id_tokens with; `none` and everything else is refused. */
const ALLOWED_ALGORITHMS = ['HS256'];

// jose is loaded with the first id_token, through its narrow subpaths: a cold start, and a client
// that never gets an id_token (OAuth 2.0 only), skip the module files jose's verifier is made of.
let jwtVerifyModule: Promise<typeof import('jose/jwt/verify')> | undefined;
async function loadJwtVerify() {
  jwtVerifyModule ??= import('jose/jwt/verify');
  return (await jwtVerifyModule).jwtVerify;
}
const loadBase64url = async () => (await import('jose/base64url')).decode;

/**
 * The HS256 verification key for a client secret, imported on first use and then reused: given
 * the raw bytes, jose would import them anew on every verification.
 */
export function hs256Key(secret: string): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  return () => {
    // Stryker disable next-line BooleanLiteral: equivalent — the key never leaves this closure, so whether it could be exported cannot be observed; false keeps it so.
    key ??= crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']).catch((error) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}

const malformed = (cause?: unknown) => new IdTokenError('malformed', 'the id_token is not a well-formed signed JWT', { cause });

/**
 * Why the protected header alone refuses the token (unreadable, or an algorithm other than
 * HS256), or `undefined`. Only consulted once jose has refused a token, so that a refusal names
 * the same check whichever of the two jose happened to meet first.
 */
async function headerProblem(token: string): Promise<IdTokenError | undefined> {
  const parts = token.split('.');
  if ((parts.length !== 3 && parts.length !== 5) || !parts[0]) return malformed();
  const decodeBase64url = await loadBase64url();
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64url(parts[0])));
  } catch (cause) {
    return malformed(cause);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return malformed();
  const { alg } = header as { alg?: unknown };
  if (typeof alg !== 'string' || !ALLOWED_ALGORITHMS.includes(alg)) {
    return new IdTokenError('alg', `the algorithm ${JSON.stringify(String(alg).slice(0, 20))} is not allowed; only HS256 is`);
  }
  return undefined;
}

function claimCheck(claim: unknown): IdTokenCheck {
  return (['iss', 'sub', 'aud', 'exp', 'iat', 'azp', 'nonce'] as const).find((c) => c === claim) ?? 'malformed';
}

/** Classifies a jose error by its documented `code`, so none of jose's error classes is bundled. */
function fromJose(error: unknown): IdTokenError {
  const { code, claim, reason } = (error ?? {}) as { code?: unknown; claim?: unknown; reason?: unknown };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new IdTokenError('exp', 'the id_token has expired', { cause: error });
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return new IdTokenError(claimCheck(claim), `the ${claim} claim failed (${reason})`, { cause: error });
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new IdTokenError('signature', 'the HS256 signature does not verify with the client secret', { cause: error });
    // Stryker disable all: unreachable — headerProblem names every algorithm jose refuses before fromJose is asked; kept in case that order changes.
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new IdTokenError('alg', 'the algorithm is not HS256', { cause: error });
    // Stryker restore all
    default:
      return malformed(error);
  }
}

/**
 * Verifies an id_token as OpenID Connect Core 1.0 §3.1.3.7 asks and as the bank's SDKs do:
 * HS256 signature with the client secret (allow-listed algorithm), `iss`, `aud` containing the
 * client id, `azp`, `exp`, `iat` not in the future nor older than `maxAgeSec`, and a non-empty
 * string `sub`. The nonce is checked separately (openid.ts), after the signature, so forged
 * tokens cannot burn saved nonces.
 */
export async function verifyIdToken(token: string, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  const jwtVerify = await loadJwtVerify();
  let claims: IdTokenClaims;
  try {
    // The allow-list makes jose refuse every other algorithm before it touches the key.
    const verified = await jwtVerify(token, await expected.key(), {
      algorithms: ALLOWED_ALGORITHMS,
      // One of the bank's SDKs writes the issuer with a trailing slash; accept both spellings.
      issuer: [expected.issuer.replace(/\/$/, ''), `${expected.issuer.replace(/\/$/, '')}/`],
      audience: expected.clientId,
      clockTolerance: expected.clockToleranceSec,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'],
    });
    claims = verified.payload as IdTokenClaims;
  } catch (error) {
    throw (await headerProblem(token)) ?? fromJose(error);
  }
  const now = Math.floor(Date.now() / 1000);
  // jose has refused a token whose iat is missing or not a number (requiredClaims, NumericDate).
  if (claims.iat > now + expected.clockToleranceSec) {
    throw new IdTokenError('iat', 'iat is in the future');
  }
  if (now - claims.iat > expected.maxAgeSec + expected.clockToleranceSec) {
    throw new IdTokenError('iat', `the id_token was issued more than ${expected.maxAgeSec} s ago`);
  }
  // jose checks only that a `sub` exists; OIDC Core §2 makes it a non-empty string.
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new IdTokenError('sub', 'sub is missing or not a non-empty string (OpenID Connect Core 1.0 §2)');
  }
  const audienceCount = Array.isArray(claims.aud) ? claims.aud.length : 1;
  if (claims.azp !== undefined && claims.azp !== expected.clientId) throw new IdTokenError('azp', 'azp is not this client id');
  if (claims.azp === undefined && audienceCount > 1) throw new IdTokenError('azp', 'azp is required when aud names several clients');
  return claims;
}
