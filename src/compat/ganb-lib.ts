import {
  assertStateMatches,
  ConfigurationError,
  createMemoryNonceStore,
  createTokenClient,
  IdTokenError,
  InvalidInputError,
  type AuthorizationCallback,
  type ClientAuthMethod,
  type IdTokenClaims,
  type NonceHooks,
  type TokenClient,
  type TokenClientOptions,
  type TokenResult,
  type TokenSet,
} from '../index.js';
import { clientAuthMethodNamed } from '../shared/auth-methods.js';
import { flatTokenResult, withMaskedInspect } from '../shared/mask.js';
import { createStateDeriver } from './state.js';

/** The old SDK's names of the two client authentication methods (RFC 6749 §2.3.1). */
export type GanbAuthMethod = 'basic' | 'post';

/**
 * The old SDK's `nonceCallbacks`: `[save, check]`. `save(nonce)` stores a fresh nonce when an
 * OpenID Connect authorization URL is built. `check(nonce)` verifies **and consumes** it: it
 * must return `true` (the boolean, or a promise of it) once for a saved nonce and never again,
 * so a replayed id_token is refused (OpenID Connect Core 1.0 §15.5.2). Anything other than
 * `true` — `false`, `undefined`, `1`, a thrown error — refuses the id_token.
 */
export type NonceCallbacks = readonly [save: (nonce: string) => unknown, check: (nonce: string) => boolean | Promise<boolean>];

/**
 * Options of `new GanbLib(...)`: the old SDK's `clientID`, `clientSecret` and `nonceCallbacks`,
 * plus every option of `createTokenClient` (`environment`, `baseUrl`, `issuer`, `fetch`,
 * `timeoutMs`, `retry`, …). With neither `environment` nor `baseUrl` the environment is
 * `'staging'`, as in the old SDK's documentation.
 */
export interface GanbLibOptions extends Omit<TokenClientOptions, 'clientId' | 'clientSecret' | 'nonce' | 'authMethod'> {
  /** The client id issued by the bank. */
  clientID: string;
  /** The client secret. Kept in a private field: never a property, never logged, never in an error. */
  clientSecret: string;
  /** `[save, check]` nonce callbacks; default an in-memory store (one process only). See {@link NonceCallbacks}. */
  nonceCallbacks?: NonceCallbacks | undefined;
  /**
   * The client authentication method registered with the bank: `'basic'` (the default) or
   * `'post'`, or the RFC names `'client_secret_basic'` / `'client_secret_post'`. Used by
   * `refreshTokens` and by `getToken` calls that name no `authMethod`.
   */
  authMethod?: GanbAuthMethod | ClientAuthMethod | undefined;
  /**
   * Key material for the `state` HMAC, at least 16 characters. Default: the client secret
   * (through HKDF, never used raw). Set it to keep states valid across a client secret rotation.
   */
  stateSecret?: string | undefined;
}

/** The parameters of `getToken`, with the old SDK's names. The object is never modified. */
export interface GetTokenParams {
  /** The authorization code from the callback. */
  code: string;
  /** `'basic'` or `'post'`, as registered; default the constructor's `authMethod`. */
  authMethod?: GanbAuthMethod | undefined;
  /** The same redirect URI the authorization URL carried. */
  redirect_uri: string;
  /** Cancels the call, retries included. */
  signal?: AbortSignal | undefined;
}

/**
 * A token response with its wire names — `access_token`, `refresh_token`, `scope`, `token_type`,
 * `expires_in` (always a number of seconds), `id_token` — the old SDK's `TokenResponse`, plus
 * `idTokenClaims` once an id_token has passed verification (and only then: a member of that
 * name in the bank's response is dropped). `console.log` shows the tokens masked.
 */
export type TokenResponse = TokenSet & { idTokenClaims?: IdTokenClaims };

/** What `openID.getToken` resolves to: a verified id_token is always present. */
export type OpenIDTokenResponse = TokenSet & { id_token: string; idTokenClaims: IdTokenClaims };

/** Checks on the state that comes back on the callback; the same on `oAuth` and `openID`. */
export interface GanbStateChecks {
  /**
   * Re-derives the state for `sessionID` and compares it with the callback's `state` in
   * constant time (RFC 6749 §10.12). Resolves when they match; rejects with a
   * `StateMismatchError` otherwise, including when `state` is missing.
   */
  checkState(sessionID: string, state: string | null | undefined): Promise<void>;
  /**
   * Reads the callback URL (or its query) the bank sent the browser back to: checks the state
   * against `sessionID` first, turns an `error=` redirect into an `AuthorizationError`, and returns the code.
   */
  parseCallback(sessionID: string, callbackUrl: string | URL | URLSearchParams): Promise<AuthorizationCallback>;
}

/** `ganbLib.oAuth`: OAuth 2.0 authorization code flow. */
export interface GanbOAuth extends GanbStateChecks {
  /**
   * Resolves to the bank's authorization URL for this session, carrying `response_type=code`,
   * `client_id`, `redirect_uri`, `scope` and the keyed `state` for `sessionID`. Unlike the old
   * SDK, which returned the string directly, this returns a promise of it (Web Crypto is
   * asynchronous): `await` it.
   */
  authorization(sessionID: string, scope: string | readonly string[], redirectURI: string): Promise<string>;
  /** Exchanges the code for tokens (RFC 6749 §4.1.3), with one client authentication method. */
  getToken(params: GetTokenParams): Promise<TokenResponse>;
}

/** `ganbLib.openID`: OpenID Connect on top of the authorization code flow. */
export interface GanbOpenID extends GanbStateChecks {
  /**
   * Like `oAuth.authorization`, with `openid` added to `scope` when missing, and a fresh nonce,
   * saved through the `save` callback before the URL is returned.
   */
  authorization(sessionID: string, scope: string | readonly string[], redirectURI: string): Promise<string>;
  /**
   * Exchanges the code and verifies the id_token (HS256 with the client secret, `iss`, `aud`,
   * `azp`, `exp`, `iat`) and then its nonce through the `check` callback. Rejects with an
   * `IdTokenError` naming the failed check — the old SDK resolved to `false` instead.
   */
  getToken(params: GetTokenParams): Promise<OpenIDTokenResponse>;
}

/** Re-labels an input or configuration error with the name the caller used for the value. */
function relabel(error: unknown, names: ReadonlyMap<string, string>): unknown {
  if (error instanceof InvalidInputError && names.has(error.field)) {
    return new InvalidInputError(names.get(error.field)!, error.problem);
  }
  if (error instanceof ConfigurationError && names.has(error.option)) {
    return new ConfigurationError(names.get(error.option)!, error.problem);
  }
  return error;
}

async function relabelled<T>(names: ReadonlyMap<string, string>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw relabel(error, names);
  }
}

const CONFIG_NAMES = new Map([
  ['clientId', 'clientID'],
  ['nonce', 'nonceCallbacks'],
]);
const TOKEN_INPUT_NAMES = new Map([['redirectUri', 'redirect_uri']]);
const AUTHORIZATION_INPUT_NAMES = new Map([['redirectUri', 'redirectURI']]);

/** Wraps the old SDK's `[save, check]` callbacks as the client's nonce hooks. */
function nonceHooks(callbacks: unknown): NonceHooks {
  if (callbacks === undefined) return createMemoryNonceStore();
  if (!Array.isArray(callbacks) || typeof callbacks[0] !== 'function' || typeof callbacks[1] !== 'function') {
    throw new ConfigurationError('nonceCallbacks', 'must be [save, check], two functions');
  }
  const [save, check] = callbacks as unknown as NonceCallbacks;
  return {
    async save(nonce) {
      await save(nonce);
    },
    async check(nonce) {
      // Strictly `true`: the old SDK accepted any truthy value, even a pending promise.
      return (await check(nonce)) === true;
    },
  };
}

/** Adds `openid` to a scope given as a space-separated string or a list. */
function withOpenId(scope: unknown): unknown {
  if (typeof scope === 'string') {
    const tokens = scope.split(' ').filter(Boolean);
    return tokens.includes('openid') ? scope : ['openid', ...tokens];
  }
  if (Array.isArray(scope) && !scope.includes('openid')) return ['openid', ...scope];
  // Anything else is reported by the client's own scope check.
  return scope;
}

/**
 * A drop-in replacement for the bank's old Node SDK class (`gmo-aozora-api-nodejs`), with the
 * same constructor, method names, arguments and result shapes, built on
 * {@link createTokenClient} so every call takes this library's single, checked HTTP path.
 *
 * What it fixes, compared with the old SDK: nothing is ever logged; each request uses exactly
 * one client authentication method (RFC 6749 §2.3), refresh included; `invalid_grant` and other
 * OAuth errors are never retried; the state is an HMAC under a server-held key, compared in
 * constant time; every failure is a rejection with a typed `GanbAuthError` (never `false`);
 * and configuration comes from the constructor, not from a JSON file read at import time.
 * See `docs/migrating-from-ganblib.md`.
 *
 * @example
 * const GanbLib = require('gmo-aozora-auth/compat');
 * const ganbLib = new GanbLib({ clientID, clientSecret, nonceCallbacks: [save, check] });
 * const tokens = await ganbLib.oAuth.getToken({ code, authMethod: 'basic', redirect_uri: redirectUri });
 */
export class GanbLib {
  readonly #base: TokenClientOptions;
  readonly #defaultMethod: ClientAuthMethod;
  readonly #clients = new Map<ClientAuthMethod, TokenClient>();
  readonly #stateFor: (sessionId: string) => Promise<string>;
  readonly #oAuth: GanbOAuth;
  readonly #openID: GanbOpenID;

  /**
   * Checks the options and creates the underlying token client, so a misconfiguration throws a
   * `ConfigurationError` here rather than on the first login.
   */
  constructor(options: GanbLibOptions) {
    if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'must be an object');
    const { clientID, clientSecret, nonceCallbacks, authMethod, stateSecret, ...clientOptions } = options;
    const method = authMethod === undefined ? 'client_secret_basic' : clientAuthMethodNamed(authMethod);
    if (!method) throw new ConfigurationError('authMethod', "must be 'basic' or 'post'");
    if (stateSecret !== undefined && (typeof stateSecret !== 'string' || [...stateSecret].length < 16)) {
      throw new ConfigurationError('stateSecret', 'must be a string of at least 16 characters');
    }
    this.#defaultMethod = method;
    this.#base = {
      ...clientOptions,
      environment: clientOptions.environment ?? (clientOptions.baseUrl === undefined ? 'staging' : undefined),
      clientId: clientID,
      clientSecret,
      nonce: nonceHooks(nonceCallbacks),
    };
    const client = this.#client(method);
    this.#stateFor = createStateDeriver(stateSecret ?? clientSecret, client.config.clientId);

    const stateChecks: GanbStateChecks = {
      checkState: async (sessionID, state) => assertStateMatches(await this.#state(sessionID), state),
      parseCallback: async (sessionID, callbackUrl) => {
        const expectedState = await this.#state(sessionID);
        return this.#client(this.#defaultMethod).parseCallback(callbackUrl, { expectedState });
      },
    };
    this.#oAuth = Object.freeze({
      ...stateChecks,
      authorization: (sessionID, scope, redirectURI) => this.#authorization(sessionID, scope, redirectURI),
      getToken: (params) => this.#getToken(params),
    } satisfies GanbOAuth);
    this.#openID = Object.freeze({
      ...stateChecks,
      authorization: (sessionID, scope, redirectURI) => this.#authorization(sessionID, withOpenId(scope), redirectURI),
      getToken: async (params) => {
        const tokens = await this.#getToken(params, true);
        if (tokens.id_token === undefined || tokens.idTokenClaims === undefined) {
          throw new IdTokenError('missing', 'the response carries no id_token; was the login started with openID.authorization?');
        }
        return tokens as OpenIDTokenResponse;
      },
    } satisfies GanbOpenID);
  }

  /** OAuth 2.0: `authorization`, `getToken`, `checkState`, `parseCallback`. */
  get oAuth(): GanbOAuth {
    return this.#oAuth;
  }

  /** OpenID Connect: `authorization` (saves a nonce), `getToken` (verifies the id_token and nonce), `checkState`, `parseCallback`. */
  get openID(): GanbOpenID {
    return this.#openID;
  }

  /**
   * Renews the tokens with a refresh token (RFC 6749 §6), authenticating with the constructor's
   * `authMethod` only. An `invalid_grant` response rejects at once with an `OAuthError`: it
   * cannot succeed on a retry, so sign the user in again.
   */
  refreshTokens(refreshToken: string, options: { signal?: AbortSignal | undefined } = {}): Promise<TokenResponse> {
    return relabelled(TOKEN_INPUT_NAMES, async () => ganbTokens(await this.#client(this.#defaultMethod).refresh({ refreshToken, signal: options?.signal })));
  }

  /** The token client for `method`, created on first use from the same checked options. */
  #client(method: ClientAuthMethod): TokenClient {
    let client = this.#clients.get(method);
    if (!client) {
      try {
        client = createTokenClient({ ...this.#base, authMethod: method });
      } catch (error) {
        throw relabel(error, CONFIG_NAMES);
      }
      this.#clients.set(method, client);
    }
    return client;
  }

  async #state(sessionID: unknown): Promise<string> {
    if (typeof sessionID !== 'string' || sessionID.length === 0) {
      throw new InvalidInputError('sessionID', 'must be a non-empty string: the id of the server-side session');
    }
    return this.#stateFor(sessionID);
  }

  async #authorization(sessionID: string, scope: unknown, redirectURI: string): Promise<string> {
    const state = await this.#state(sessionID);
    const client = this.#client(this.#defaultMethod);
    const request = await relabelled(AUTHORIZATION_INPUT_NAMES, () => client.authorizationUrl({ redirectUri: redirectURI, scope: scope as string, state }));
    return request.url;
  }

  /** `openid`: the login was started with openID.authorization, so a response without an id_token is refused even without `scope`. */
  async #getToken(params: GetTokenParams, openid = false): Promise<TokenResponse> {
    if (typeof params !== 'object' || params === null) throw new InvalidInputError('params', 'must be an object { code, authMethod, redirect_uri }');
    const method = params.authMethod === undefined ? this.#defaultMethod : clientAuthMethodNamed(params.authMethod);
    if (!method) throw new InvalidInputError('authMethod', "must be 'basic' or 'post'");
    const client = this.#client(method);
    return relabelled(TOKEN_INPUT_NAMES, async () =>
      ganbTokens(await client.exchangeCode({ code: params.code, redirectUri: params.redirect_uri, signal: params.signal, openid })),
    );
  }
}

/** A result in the old SDK's flat shape: the response's fields, and the verified claims beside them as `idTokenClaims`. */
function ganbTokens(result: TokenResult): TokenResponse {
  return withMaskedInspect(flatTokenResult(result) as TokenResponse);
}
