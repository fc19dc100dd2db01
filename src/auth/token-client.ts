import { inspectCustom } from '../shared/mask.js';
import { type AuthorizationRequest, type AuthorizationUrlInput, authorizationRequest } from './authorization-url.js';
import { parseAuthorizationCallback, type AuthorizationCallback } from './callback.js';
import { clientAuthentication, credentialSpellings, type ClientAuthMethod } from './credentials.js';
import { authorizationCodeGrant, refreshTokenGrant } from './grants.js';
import { createIdTokenVerifier } from './id-token-verifier.js';
import { checkIdTokenClaims, loginExpectation } from './openid.js';
import { resolveTokenClientOptions, type RetryPolicy, type TokenClientOptions } from './options.js';
import { createTokenRequester } from './token-request.js';
import type { IdTokenClaims } from './token-response.js';
import { type OpenIdTokenResult, type TokenResult, tokenResult } from './token-result.js';
import { checkObject, checkRedirectUri, checkSignal, checkString } from './validate.js';

/** Input of {@link TokenClient.exchangeCode}. */
export interface ExchangeCodeInput {
  /** The code from the callback. */
  code: string;
  /** The same redirect URI the authorization URL carried. */
  redirectUri: string;
  /**
   * The `nonce` that `authorizationUrl` returned for this login, kept in the user's session next
   * to the state. The id_token's nonce is compared with it (constant time) and the nonce hooks
   * are not called, so any instance can finish the login. Giving it means the login asked for
   * `openid`: the exchange then never succeeds without a verified id_token.
   */
  expectedNonce?: string | undefined;
  /**
   * For the nonce-hooks path: `true` says the login asked for `openid`, so a response without an
   * id_token is refused (OpenID Connect Core 1.0 §3.1.3.3) even when it omits `scope`. Without
   * it or `expectedNonce` the client cannot know what the login asked for, and refuses a missing
   * id_token only when the granted `scope` names `openid`.
   * @default false (true when `expectedNonce` is given)
   */
  openid?: boolean | undefined;
  /** Cancels the call, retries and the nonce check hook included. */
  signal?: AbortSignal | undefined;
}

/** Input of {@link TokenClient.refresh}. */
export interface RefreshInput {
  /** The refresh token from an earlier response. */
  refreshToken: string;
  /**
   * The verified `idTokenClaims` of the original login's result. A refreshed id_token must then have the
   * same `iss`, `sub`, `aud` (and `azp`) or it is refused with an `IdTokenError`
   * (OpenID Connect Core 1.0 §12.2). The token manager passes the claims it stored.
   */
  originalIdTokenClaims?: IdTokenClaims | undefined;
  /** Cancels the call, retries included. */
  signal?: AbortSignal | undefined;
}

/** The resolved, secret-free configuration of a {@link TokenClient}: every value with its default filled in. */
export interface TokenClientConfig {
  /** Where requests go: `baseUrl`, else the environment's server, without a trailing slash. */
  readonly baseUrl: string;
  /** The id_token `iss` expected. */
  readonly issuer: string;
  readonly clientId: string;
  readonly authMethod: ClientAuthMethod;
  /** Time limit of each try, in ms. The token manager sizes its refresh lock from it. */
  readonly timeoutMs: number;
  /** The retry policy in force (`attempts: 1` when retries are off). The token manager sizes its refresh lock from it. */
  readonly retry: RetryPolicy;
}

/** A client for the bank's authorization and token endpoints. */
export interface TokenClient {
  /** Builds the URL to send the browser to, with a state and, for `openid`, a saved nonce. */
  authorizationUrl(input: AuthorizationUrlInput): Promise<AuthorizationRequest>;
  /**
   * Checks the callback's state and returns its code; an error redirect becomes an
   * `AuthorizationError`, a malformed callback an `InvalidCallbackError`.
   * A missing or empty `expectedState` (expired session, lost cookie, a callback used twice) is a
   * `StateMismatchError`.
   */
  parseCallback(callbackUrl: string | URL | URLSearchParams, input: { expectedState: string | undefined }): AuthorizationCallback;
  /**
   * Exchanges an authorization code for tokens (RFC 6749 §4.1.3), verifying any id_token and its
   * nonce. With `expectedNonce` (or `openid: true`) the login asked for `openid`, and the result
   * always carries `tokens.id_token` and its verified `idTokenClaims`.
   */
  exchangeCode(input: ExchangeCodeInput & ({ expectedNonce: string } | { openid: true })): Promise<OpenIdTokenResult>;
  /**
   * Exchanges an authorization code for tokens (RFC 6749 §4.1.3). Without `expectedNonce` or
   * `openid: true`, an id_token is verified when one comes (its nonce through the nonce hooks),
   * and a missing one is refused only when the granted `scope` names `openid`.
   */
  exchangeCode(input: ExchangeCodeInput): Promise<TokenResult>;
  /**
   * Renews the access token with a refresh token (RFC 6749 §6). A refreshed id_token, if any, is
   * verified (and, given `originalIdTokenClaims`, must name the same user): its claims are the
   * result's `idTokenClaims`. Keep the rotated `tokens.refresh_token`; the bank spends the old one.
   */
  refresh(input: RefreshInput): Promise<TokenResult>;
  /** The resolved, secret-free configuration. */
  readonly config: TokenClientConfig;
}

/**
 * Creates a client for GMO Aozora Net Bank's auth API: builds authorization URLs and calls
 * `POST /token` for the authorization code grant (RFC 6749 §4.1) and refresh (§6), with
 * OpenID Connect id_token verification. Options are checked here, so a misconfiguration fails
 * at start-up rather than on the first login.
 *
 * @example
 * const auth = createTokenClient({ environment: 'production', clientId, clientSecret });
 */
export function createTokenClient(options: TokenClientOptions): TokenClient {
  const resolved = resolveTokenClientOptions(options);
  const { endpoint, clientId, authMethod } = resolved;
  const auth = clientAuthentication(authMethod, clientId, resolved.clientSecret);
  const credentialSecrets = credentialSpellings(clientId, resolved.clientSecret);
  const requestTokens = createTokenRequester(resolved, auth);
  const idTokens = createIdTokenVerifier(resolved);

  async function exchangeCode(input: ExchangeCodeInput): Promise<TokenResult> {
    const args = checkObject('exchangeCode input', input);
    const code = checkString('code', args.code, 'AuthorizationCode');
    const redirectUri = checkRedirectUri('redirectUri', args.redirectUri);
    const login = loginExpectation(args);
    const signal = checkSignal('signal', args.signal);
    const tokens = await requestTokens('authorization_code', authorizationCodeGrant(code, redirectUri, auth), [code, credentialSecrets], signal);
    return tokenResult(tokens, await idTokens.login(tokens, login, signal));
  }

  const client: TokenClient = {
    config: Object.freeze({ baseUrl: endpoint.baseUrl, issuer: endpoint.issuer, clientId, authMethod, timeoutMs: resolved.timeoutMs, retry: resolved.retry }),

    authorizationUrl: (input) => authorizationRequest(input, { baseUrl: endpoint.baseUrl, clientId, nonce: resolved.nonce }),

    parseCallback(callbackUrl, input) {
      return parseAuthorizationCallback(callbackUrl, checkObject('parseCallback input', input).expectedState);
    },

    exchangeCode: exchangeCode as TokenClient['exchangeCode'],

    async refresh(input) {
      const args = checkObject('refresh input', input);
      const refreshToken = checkString('refreshToken', args.refreshToken, 'RefreshToken');
      const original = checkIdTokenClaims('originalIdTokenClaims', args.originalIdTokenClaims);
      const signal = checkSignal('signal', args.signal);
      const tokens = await requestTokens('refresh_token', refreshTokenGrant(refreshToken, auth), [refreshToken, credentialSecrets], signal);
      return tokenResult(tokens, await idTokens.refresh(tokens, original));
    },
  };

  const safeView = () => ({ ...client.config });
  Object.defineProperty(client, 'toJSON', { enumerable: false, value: safeView });
  Object.defineProperty(client, inspectCustom, { enumerable: false, value: safeView });
  return Object.freeze(client);
}
