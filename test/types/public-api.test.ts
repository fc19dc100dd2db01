// Type-level tests: `npm run typecheck` (tsc) fails when these stop holding; the `it` below
// also runs them so a stray runtime error shows up.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AnyGanbAuthError,
  type AuthorizationError,
  type AuthorizationErrorCode,
  createTokenClient,
  type GanbAuthErrorCode,
  isGanbAuthError,
  type OAuthError,
  type OAuthErrorCode,
  type IdTokenClaims,
  type OpenIdTokenResult,
  TimeoutError,
  type TokenResponse,
  type TokenResult,
  type TokenSet,
  type components,
} from 'gmo-aozora-auth';

describe('public types', () => {
  it('follow the spec', () => {
    const auth = createTokenClient({ environment: 'staging', clientId: 'id', clientSecret: 'secret' });
    const exchange = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb' });
    expectTypeOf(exchange).returns.resolves.toEqualTypeOf<TokenResult>();
    expectTypeOf<TokenResult['tokens']>().toEqualTypeOf<TokenSet>();
    expectTypeOf<TokenResult['idTokenClaims']>().toEqualTypeOf<IdTokenClaims | undefined>();
    // Verified claims are beside the wire data, never in it.
    expectTypeOf<TokenSet>().not.toHaveProperty('idTokenClaims');
    // A login that asked for openid always has an id_token and verified claims, so `sub` is a string.
    const login = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb', expectedNonce: 'n' });
    expectTypeOf(login).returns.resolves.toEqualTypeOf<OpenIdTokenResult>();
    expectTypeOf<OpenIdTokenResult['idTokenClaims']['sub']>().toEqualTypeOf<string>();
    expectTypeOf<OpenIdTokenResult['tokens']['id_token']>().toEqualTypeOf<string>();
    const declared = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb', openid: true });
    expectTypeOf(declared).returns.resolves.toEqualTypeOf<OpenIdTokenResult>();
    const renew = () => auth.refresh({ refreshToken: 'r' });
    expectTypeOf(renew).returns.resolves.toEqualTypeOf<TokenResult>();
    expectTypeOf<TokenSet['access_token']>().toEqualTypeOf<string>();
    expectTypeOf<TokenSet['expires_in']>().toEqualTypeOf<number | undefined>();
    // The wire type keeps the spec's number-or-string; TokenSet narrows it.
    expectTypeOf<TokenResponse['expires_in']>().toEqualTypeOf<number | string | undefined>();
    expectTypeOf<OAuthErrorCode>().toEqualTypeOf<components['schemas']['OAuthErrorCode']>();
    expectTypeOf<OAuthError['error']>().toExtend<string>();
    expectTypeOf<'invalid_grant'>().toExtend<OAuthErrorCode>();

    // Never called: these lines only have to fail to compile.
    const misuses = () => {
      // @ts-expect-error — an environment the spec does not list
      createTokenClient({ environment: 'sandbox', clientId: 'id', clientSecret: 'secret' });
      // @ts-expect-error — client credentials are required
      createTokenClient({ environment: 'staging', clientId: 'id' });
      // @ts-expect-error — an auth method the bank does not offer
      createTokenClient({ environment: 'staging', clientId: 'id', clientSecret: 's', authMethod: 'private_key_jwt' });
      // @ts-expect-error — exchangeCode needs the redirect URI
      void auth.exchangeCode({ code: 'c' });
    };
    expectTypeOf(misuses).toBeFunction();
  });

  it('narrow an error to its class by its code', () => {
    const narrow = (error: unknown) => {
      if (!isGanbAuthError(error)) return;
      expectTypeOf(error).toEqualTypeOf<AnyGanbAuthError>();
      switch (error.code) {
        case 'OAUTH_ERROR':
          expectTypeOf(error).toEqualTypeOf<OAuthError>();
          expectTypeOf(error.error).toEqualTypeOf<OAuthErrorCode>();
          expectTypeOf(error.status).toEqualTypeOf<number>();
          break;
        case 'AUTHORIZATION_ERROR':
          expectTypeOf(error).toEqualTypeOf<AuthorizationError>();
          expectTypeOf(error.error).toEqualTypeOf<AuthorizationErrorCode>();
          break;
        case 'TIMEOUT':
          expectTypeOf(error.timeoutMs).toEqualTypeOf<number>();
          break;
        default:
          expectTypeOf(error.code).toExtend<GanbAuthErrorCode>();
      }
    };
    narrow(new TimeoutError(1));
    expectTypeOf(new TimeoutError(1).name).toEqualTypeOf<'TimeoutError'>();
    expectTypeOf(new TimeoutError(1).code).toEqualTypeOf<'TIMEOUT'>();
    expectTypeOf<'AUTHORIZATION_ERROR' | 'INVALID_CALLBACK' | 'CONSENT_FAILED'>().toExtend<GanbAuthErrorCode>();
  });
});
