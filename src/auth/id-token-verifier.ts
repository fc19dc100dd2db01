import { IdTokenError } from './errors.js';
import { hs256Key, verifyIdToken } from './id-token.js';
import { checkNonce, checkSameLogin, type LoginExpectation } from './openid.js';
import type { ResolvedTokenClientOptions } from './options.js';
import type { IdTokenClaims, TokenSet } from './token-response.js';

/** The OpenID Connect checks of a token response's id_token, bound to one client's issuer, id and secret. */
export interface IdTokenVerifier {
  /**
   * For a code exchange: verifies the id_token and ties it to the login (its nonce), before any
   * token is handed out. Resolves to its claims, or `undefined` when none came and none was due.
   */
  login(tokens: TokenSet, login: LoginExpectation, signal: AbortSignal | undefined): Promise<IdTokenClaims | undefined>;
  /**
   * For a refresh: verifies a refreshed id_token, if any. No nonce (it was consumed at login,
   * OIDC Core §12.2), but given the login's claims, the same user.
   */
  refresh(tokens: TokenSet, original: IdTokenClaims | undefined): Promise<IdTokenClaims | undefined>;
}

/** Creates the id_token checks of a client from its resolved options. */
export function createIdTokenVerifier(options: ResolvedTokenClientOptions): IdTokenVerifier {
  const expectations = {
    issuer: options.endpoint.issuer,
    clientId: options.clientId,
    key: hs256Key(options.clientSecret),
    clockToleranceSec: options.clockToleranceSec,
    maxAgeSec: options.idTokenMaxAgeSec,
  };
  const hookLimits = (signal: AbortSignal | undefined) => ({ timeoutMs: options.timeoutMs, signal });

  return {
    async login(tokens, login, signal) {
      if (tokens.id_token === undefined) {
        if (login.openid) throw new IdTokenError('missing', 'the login asked for openid but the response carries no id_token');
        if (tokens.scope?.split(' ').includes('openid')) throw new IdTokenError('missing', 'scope openid was granted but the response carries no id_token');
        return undefined;
      }
      const claims = await verifyIdToken(tokens.id_token, expectations);
      await checkNonce(claims, login, options.nonce, hookLimits(signal));
      return claims;
    },

    async refresh(tokens, original) {
      if (tokens.id_token === undefined) return undefined;
      const claims = await verifyIdToken(tokens.id_token, expectations);
      if (original) checkSameLogin(claims, original);
      return claims;
    },
  };
}
