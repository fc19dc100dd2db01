import { maskTokens } from '../shared/mask.js';
import { inspectCustom } from './redact.js';
import type { IdTokenClaims, TokenSet } from './token-response.js';

/** Hides tokens from `util.inspect`/`console.log` of a result; JSON keeps them for session storage. */
export function withMaskedInspect<T extends object>(tokens: T): T {
  Object.defineProperty(tokens, inspectCustom, {
    enumerable: false,
    value: () => maskTokens(tokens),
  });
  return tokens;
}

/** The token answer as the caller gets it: the verified claims added, when an id_token passed every check, and the tokens masked in inspect. */
export function withVerifiedClaims(tokens: TokenSet, claims: IdTokenClaims | undefined): TokenSet {
  if (claims !== undefined) tokens.idTokenClaims = claims;
  return withMaskedInspect(tokens);
}
