// Type-level tests: `npm run typecheck` (tsc) fails when these stop holding; the `it` below
// also runs them so a stray runtime error shows up.
import { describe, expectTypeOf, it } from 'vitest';
import { createTokenClient, OAuthError, type OAuthErrorCode, type OpenIdTokenSet, type TokenResponse, type TokenSet, type components } from 'gmo-aozora-auth';

describe('public types', () => {
  it('follow the spec', () => {
    const auth = createTokenClient({ environment: 'staging', clientId: 'id', clientSecret: 'secret' });
    const exchange = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb' });
    expectTypeOf(exchange).returns.resolves.toEqualTypeOf<TokenSet>();
    // A login that asked for openid always has verified claims, so `sub` is a string.
    const login = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb', expectedNonce: 'n' });
    expectTypeOf(login).returns.resolves.toEqualTypeOf<OpenIdTokenSet>();
    expectTypeOf<OpenIdTokenSet['idTokenClaims']['sub']>().toEqualTypeOf<string>();
    const declared = () => auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/cb', openid: true });
    expectTypeOf(declared).returns.resolves.toEqualTypeOf<OpenIdTokenSet>();
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
});
