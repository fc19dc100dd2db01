import type { SchemaTokenRequest } from '../generated/auth-api.js';
import { buildAuthorizationUrl, normalizeScope, type Scope } from './authorization-url.js';
import { parseAuthorizationCallback, type AuthorizationCallback } from './callback.js';
import { clientAuthentication, formUrlEncode, utf8Base64, type ClientAuthMethod } from './credentials.js';
import { sleep } from './deadline.js';
import { AbortedError, GanbAuthError, IdTokenError, InvalidResponseError } from './errors.js';
import { authorizationCodeGrant, refreshTokenGrant, type GrantKind } from './grants.js';
import { hs256Key, verifyIdToken } from './id-token.js';
import { checkNonce, checkSameLogin, loginExpectation, originalClaims, type LoginExpectation } from './openid.js';
import { resolveTokenClientOptions, type RetryPolicy, type TokenClientEvent, type TokenClientOptions } from './options.js';
import { maskTokens } from '../shared/mask.js';
import { randomToken } from '../shared/random.js';
import { inspectCustom, redactError, type SecretValues } from './redact.js';
import { isRetryable, parseRetryAfter, retryDelay } from './retry.js';
import { parseTokenFailure, parseTokenSuccess, type IdTokenClaims, type TokenSet } from './token-response.js';
import { createTransport } from './transport.js';
import { checkObject, checkRedirectUri, checkSignal, checkString } from './validate.js';

/** Input of {@link TokenClient.authorizationUrl}. */
export interface AuthorizationUrlInput {
  /** The registered redirect URI; send the same one to `exchangeCode`. */
  redirectUri: string;
  /** Scopes, space-separated or as a list. Include `openid` for an id_token, `offline_access` for a refresh token. */
  scope: Scope | readonly Scope[];
  /** Your own state; default a fresh 256-bit random value. */
  state?: string | undefined;
}

/** Result of {@link TokenClient.authorizationUrl}. */
export interface AuthorizationRequest {
  /** Where to redirect the browser. */
  url: string;
  /** Keep it in the user's session and pass it to `parseCallback`. */
  state: string;
  /** The nonce saved through the hooks, when the scope includes `openid`. */
  nonce?: string;
}

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
   * For the nonce-hooks path: `true` says the login asked for `openid`, so an answer without an
   * id_token is refused (OpenID Connect Core 1.0 §3.1.3.3) even when it omits `scope`. Without
   * it or `expectedNonce` the client cannot know what the login asked for, and refuses a missing
   * id_token only when the granted `scope` names `openid`.
   * @default false (true when `expectedNonce` is given)
   */
  openid?: boolean | undefined;
  /** Cancels the call, retries and the nonce check hook included. */
  signal?: AbortSignal | undefined;
}

/** The result of a login that asked for `openid`: the id_token passed every check. */
export type OpenIdTokenSet = TokenSet & { id_token: string; idTokenClaims: IdTokenClaims };

/** Input of {@link TokenClient.refresh}. */
export interface RefreshInput {
  /** The refresh token from an earlier answer. */
  refreshToken: string;
  /**
   * The verified `idTokenClaims` of the original login. A refreshed id_token must then have the
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
   * always carries verified `idTokenClaims`.
   */
  exchangeCode(input: ExchangeCodeInput & ({ expectedNonce: string } | { openid: true })): Promise<OpenIdTokenSet>;
  /**
   * Exchanges an authorization code for tokens (RFC 6749 §4.1.3). Without `expectedNonce` or
   * `openid: true`, an id_token is verified when one comes (its nonce through the nonce hooks),
   * and a missing one is refused only when the granted `scope` names `openid`.
   */
  exchangeCode(input: ExchangeCodeInput): Promise<TokenSet>;
  /** Renews the access token with a refresh token (RFC 6749 §6). */
  refresh(input: RefreshInput): Promise<TokenSet>;
  /** The resolved, secret-free configuration. */
  readonly config: TokenClientConfig;
}

/** Hides tokens from `util.inspect`/`console.log` of a result; JSON keeps them for session storage. */
function withMaskedInspect(tokens: TokenSet): TokenSet {
  Object.defineProperty(tokens, inspectCustom, {
    enumerable: false,
    value: () => maskTokens(tokens),
  });
  return tokens;
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
  const {
    endpoint,
    clientId,
    clientSecret,
    authMethod,
    nonce: nonceHooks,
    retry,
    timeoutMs,
    onEvent: listener,
    ...limits
  } = resolveTokenClientOptions(options);
  // Events are best effort: a listener that throws must not lose tokens or change an error.
  const emit = (event: TokenClientEvent) => {
    try {
      listener?.(event);
    } catch {
      // Nowhere to report it: library code never logs.
    }
  };
  const auth = clientAuthentication(authMethod, clientId, clientSecret);
  // Values a misbehaving server might echo back; redacted, in every spelling, wherever answer text
  // reaches an error: the secret, and the Basic credentials decoded and encoded, in RFC 6749's
  // spelling (each part form-encoded) and in the raw one the bank's SDKs use.
  const basicPairs = [`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`, `${clientId}:${clientSecret}`];
  const credentialSecrets = [clientSecret, ...basicPairs, ...basicPairs.map(utf8Base64)];
  const idTokenExpectations = {
    issuer: endpoint.issuer,
    clientId,
    key: hs256Key(clientSecret),
    clockToleranceSec: limits.clockToleranceSec,
    maxAgeSec: limits.idTokenMaxAgeSec,
  };
  const postToken = createTransport({
    baseUrl: endpoint.baseUrl,
    fetch: limits.fetch,
    timeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
  });
  const tokenUrl = `${endpoint.baseUrl}/token`;

  /** Sends one grant with the retry policy, and checks the answer. */
  async function requestTokens(grant: GrantKind, body: SchemaTokenRequest, secrets: SecretValues, signal: AbortSignal | undefined): Promise<TokenSet> {
    // Checked before the first event, so an already-fired signal reports no request it never sent.
    if (signal?.aborted) throw new AbortedError(signal.reason);
    for (let attempt = 1; ; attempt++) {
      emit({ type: 'request', grant, attempt, url: tokenUrl });
      const started = Date.now();
      let failure: GanbAuthError;
      let status: number | undefined;
      let retryAfterMs: number | undefined;
      try {
        const response = await postToken(body, auth, signal);
        status = response.status;
        emit({ type: 'answer', grant, attempt, status, durationMs: Date.now() - started });
        if (response.status === 200) return parseTokenSuccess(response, secrets);
        failure = parseTokenFailure(response, secrets);
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } catch (error) {
        if (!(error instanceof GanbAuthError)) throw error;
        failure = error;
        // An answer the transport could not read (too large, say) still has a status that decides.
        if (error instanceof InvalidResponseError) status = error.status;
      }
      const delayMs = attempt < retry.attempts && isRetryable(grant, failure, status) ? retryDelay(retry, attempt, retryAfterMs) : undefined;
      if (delayMs === undefined) throw redactError(failure, secrets, isOwnError);
      emit({ type: 'retry', grant, attempt, delayMs, reason: status ? `HTTP ${status}` : failure.code });
      await sleep(delayMs, signal);
    }
  }

  /** Verifies a code exchange's id_token and binds it to the login, before any token is handed out. */
  async function verifiedLogin(tokens: TokenSet, login: LoginExpectation, signal: AbortSignal | undefined): Promise<TokenSet> {
    if (tokens.id_token === undefined) {
      if (login.openid) throw new IdTokenError('missing', 'the login asked for openid but the answer carries no id_token');
      if (tokens.scope?.split(' ').includes('openid')) throw new IdTokenError('missing', 'scope openid was granted but the answer carries no id_token');
      return withMaskedInspect(tokens);
    }
    const claims = await verifyIdToken(tokens.id_token, idTokenExpectations);
    await checkNonce(claims, login, nonceHooks, { timeoutMs, signal });
    tokens.idTokenClaims = claims;
    return withMaskedInspect(tokens);
  }

  /** Verifies a refreshed id_token, if any: no nonce, it was consumed at login (OIDC Core §12.2), but the same user. */
  async function verifiedRefresh(tokens: TokenSet, original: IdTokenClaims | undefined): Promise<TokenSet> {
    if (tokens.id_token !== undefined) {
      const claims = await verifyIdToken(tokens.id_token, idTokenExpectations);
      if (original) checkSameLogin(claims, original);
      tokens.idTokenClaims = claims;
    }
    return withMaskedInspect(tokens);
  }

  async function exchangeCode(input: ExchangeCodeInput): Promise<TokenSet> {
    const args = checkObject('exchangeCode input', input);
    const code = checkString('code', args.code, 'AuthorizationCode');
    const redirectUri = checkRedirectUri('redirectUri', args.redirectUri);
    const login = loginExpectation(args);
    const signal = checkSignal('signal', args.signal);
    const tokens = await requestTokens('authorization_code', authorizationCodeGrant(code, redirectUri, auth), [code, credentialSecrets], signal);
    return verifiedLogin(tokens, login, signal);
  }

  const client: TokenClient = {
    config: Object.freeze({ baseUrl: endpoint.baseUrl, issuer: endpoint.issuer, clientId, authMethod, timeoutMs, retry }),

    async authorizationUrl(input) {
      const args = checkObject('authorizationUrl input', input);
      const redirectUri = checkRedirectUri('redirectUri', args.redirectUri);
      const scopes = normalizeScope('scope', args.scope);
      const state = args.state === undefined ? randomToken() : checkString('state', args.state, 'State');
      const nonce = scopes.includes('openid') ? randomToken() : undefined;
      if (nonce) await nonceHooks.save(nonce);
      const url = buildAuthorizationUrl(endpoint.baseUrl, {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: scopes.join(' '),
        state,
        ...(nonce ? { nonce } : {}),
      });
      return nonce ? { url, state, nonce } : { url, state };
    },

    parseCallback(callbackUrl, input) {
      return parseAuthorizationCallback(callbackUrl, checkObject('parseCallback input', input).expectedState);
    },

    exchangeCode: exchangeCode as TokenClient['exchangeCode'],

    async refresh(input) {
      const args = checkObject('refresh input', input);
      const refreshToken = checkString('refreshToken', args.refreshToken, 'RefreshToken');
      const original = originalClaims(args.originalIdTokenClaims);
      const signal = checkSignal('signal', args.signal);
      const tokens = await requestTokens('refresh_token', refreshTokenGrant(refreshToken, auth), [refreshToken, credentialSecrets], signal);
      return verifiedRefresh(tokens, original);
    },
  };

  const safeView = () => ({ ...client.config });
  Object.defineProperty(client, 'toJSON', { enumerable: false, value: safeView });
  Object.defineProperty(client, inspectCustom, { enumerable: false, value: safeView });
  return Object.freeze(client);
}

const isOwnError = (value: unknown): value is GanbAuthError => value instanceof GanbAuthError;
