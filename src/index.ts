/**
 * gmo-aozora-auth — a typed OAuth 2.0 / OpenID Connect token client for GMO Aozora Net Bank's
 * auth API, generated from the hand-maintained spec in `openapi/`. Runtime code uses Web APIs
 * only (fetch, Web Crypto, URL), so it runs on Node, edge runtimes, Deno and Bun.
 *
 * @packageDocumentation
 */
export {
  createTokenClient,
  type TokenClient,
  type TokenClientConfig,
  type ExchangeCodeInput,
  type RefreshInput,
} from './auth/token-client.js';
export type { TokenResult, OpenIdTokenResult } from './auth/token-result.js';
export type { TokenSet, IdTokenClaims } from './auth/token-response.js';
export type { AuthorizationRequest, AuthorizationUrlInput, KnownScope, Scope } from './auth/authorization-url.js';
export type { StoredTokens, TokenStore, RefreshLock, RefreshLockOptions } from './auth/token-store.js';
export {
  createTokenManager,
  DEFAULT_REFRESH_WINDOW_SEC,
  DEFAULT_ASSUMED_LIFETIME_SEC,
  type TokenManager,
  type TokenManagerOptions,
  type TokenManagerEvent,
  type AccessTokenOptions,
  type RefreshReason,
  type LoginRequiredReason,
} from './auth/token-manager.js';
export { createMemoryTokenStore } from './auth/memory-token-store.js';
export type { AuthorizationCallback } from './auth/callback.js';
export type { ClientAuthMethod } from './auth/credentials.js';
export { basicAuthorization } from './auth/credentials.js';
export type { Environment } from './auth/environments.js';
export { createMemoryNonceStore, type NonceHooks, type MemoryNonceStoreOptions } from './auth/nonce.js';
export { statesMatch, assertStateMatches } from './auth/state.js';
export { constantTimeEqual } from './shared/constant-time.js';
export {
  DEFAULT_AUTH_METHOD,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_RETRY,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_ID_TOKEN_MAX_AGE_SEC,
  type TokenClientOptions,
  type TokenClientEvent,
  type RetryOption,
  type RetryPolicy,
} from './auth/options.js';
export {
  GanbAuthError,
  isGanbAuthError,
  OAuthError,
  AuthorizationError,
  InvalidCallbackError,
  InvalidResponseError,
  TimeoutError,
  NetworkError,
  AbortedError,
  IdTokenError,
  StateMismatchError,
  InvalidInputError,
  ConfigurationError,
  LoginRequiredError,
  StoreError,
  ConsentError,
  type AnyGanbAuthError,
  type GanbAuthErrorCode,
  type OAuthErrorCode,
  type AuthorizationErrorCode,
  type InvalidResponseReason,
  type IdTokenCheck,
  type NetworkFailurePhase,
} from './auth/errors.js';
export type {
  SchemaTokenResponse as TokenResponse,
  SchemaErrorResponse as ErrorResponse,
  SchemaTokenRequest as TokenRequest,
  paths,
  components,
  operations,
} from './generated/auth-api.js';
