import { withMaskedInspect } from '../shared/mask.js';
import type { IdTokenClaims, TokenSet } from './token-response.js';

/**
 * What `exchangeCode` and `refresh` resolve to: the bank's response as it came, and what this
 * client verified, side by side and never mixed — so nothing a server sends can pass for a
 * verified claim (the model is oauth4webapi, which keeps validated claims out of the response).
 *
 * `console.log(result)` shows the tokens masked; `JSON.stringify(result)` keeps them in full,
 * for your session store.
 */
export interface TokenResult {
  /**
   * The bank's token response with its wire names (`access_token`, `token_type`, `expires_in`,
   * `refresh_token`, `scope`, `id_token`), checked against the spec; fields the spec does not
   * list are kept as sent. `expires_in` is always a number.
   */
  readonly tokens: TokenSet;
  /**
   * The claims of `tokens.id_token`, present only when an id_token came and passed every check:
   * signature, `iss`, `aud`, `azp`, `exp`, `iat`, and the nonce of the login (code exchange) or
   * the same user as the original login (refresh, given `originalIdTokenClaims`).
   */
  readonly idTokenClaims?: IdTokenClaims;
}

/** The result of a login that asked for `openid` (`expectedNonce` or `openid: true`): its id_token came and passed every check. */
export interface OpenIdTokenResult extends TokenResult {
  readonly tokens: TokenSet & { id_token: string };
  readonly idTokenClaims: IdTokenClaims;
}

/** Builds the result handed to the caller, frozen: the response masked in inspect, and the claims only when verified. */
export function tokenResult(tokens: TokenSet, idTokenClaims: IdTokenClaims | undefined): TokenResult {
  const masked = withMaskedInspect(tokens);
  return Object.freeze(idTokenClaims === undefined ? { tokens: masked } : { tokens: masked, idTokenClaims });
}
