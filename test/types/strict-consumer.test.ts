// Type-level tests of what a strict BFF (strict, exactOptionalPropertyTypes, which the repository's
// tsconfig also sets) writes: `npm run typecheck` fails when these stop holding; the `it`s also
// run them so a stray runtime error shows up.
import { describe, expectTypeOf, it } from 'vitest';
import type { createClient } from 'redis';
import {
  createMemoryNonceStore,
  createTokenClient,
  type AuthorizationUrlInput,
  type IdTokenClaims,
  type KnownScope,
  type NonceHooks,
  type Scope,
  type TokenClientEvent,
  type TokenClientOptions,
} from 'gmo-aozora-auth';

type RedisClient = ReturnType<typeof createClient>;

describe('types that accept real code', () => {
  it('nonce hooks take what real stores return', () => {
    const redis = {} as RedisClient;
    // node-redis's set resolves to 'OK' | null (string | null in its types): the value is ignored.
    const hooks: NonceHooks = {
      save: (nonce) => redis.set(`ganb:nonce:${nonce}`, '1', { EX: 600 }),
      check: async (nonce) => (await redis.getDel(`ganb:nonce:${nonce}`)) === '1',
    };
    expectTypeOf(hooks.save).returns.toBeUnknown();
    // check decides the login: it stays boolean.
    expectTypeOf(hooks.check).returns.toEqualTypeOf<boolean | Promise<boolean>>();
    const misuses = () => {
      // @ts-expect-error — check must answer true or false, not the stored value
      const wrong: NonceHooks = { save: () => undefined, check: async (nonce) => redis.getDel(nonce) };
      return wrong;
    };
    expectTypeOf(misuses).toBeFunction();
    expectTypeOf(createMemoryNonceStore()).toEqualTypeOf<NonceHooks>();
  });

  it('optional options and inputs take undefined, as values read from the environment are', () => {
    const maybeListener = process.env.LOG_EVENTS ? (event: TokenClientEvent) => event.type : undefined;
    const options: TokenClientOptions = {
      environment: 'staging',
      baseUrl: process.env.GANB_BASE_URL,
      issuer: process.env.GANB_ISSUER,
      clientId: 'id',
      clientSecret: 'secret',
      onEvent: maybeListener,
      timeoutMs: undefined,
      retry: { attempts: undefined },
    };
    const auth = createTokenClient(options);
    const signal: AbortSignal | undefined = undefined;
    const run = async () => {
      await auth.authorizationUrl({ redirectUri: 'https://bff.example.com/callback', scope: 'openid', state: undefined });
      await auth.exchangeCode({ code: 'c', redirectUri: 'https://bff.example.com/callback', signal, expectedNonce: undefined });
      await auth.refresh({ refreshToken: 'r', signal, originalIdTokenClaims: undefined });
      auth.parseCallback('https://bff.example.com/callback?code=c&state=s', { expectedState: undefined });
    };
    expectTypeOf(run).toBeFunction();
    // An event listener's return value is ignored too.
    expectTypeOf<TokenClientOptions['onEvent']>().toEqualTypeOf<((event: TokenClientEvent) => unknown) | undefined>();
  });

  it('offers the bank’s scopes from the spec as completions, and still takes any string', () => {
    expectTypeOf<KnownScope>().toEqualTypeOf<
      'openid' | 'offline_access' | 'private:offline_access' | 'private:account' | 'private:virtual-account' | 'private:transfer' | 'private:bulk-transfer'
    >();
    // The literals survive in the input type (a plain `string` would swallow them, and editors
    // would offer nothing).
    expectTypeOf<Scope>().not.toEqualTypeOf<string>();
    expectTypeOf<Extract<Scope, 'private:account'>>().toEqualTypeOf<'private:account'>();
    expectTypeOf<AuthorizationUrlInput['scope']>().toEqualTypeOf<Scope | readonly Scope[]>();
    // The bank may add scopes, and a space-separated string is fine.
    expectTypeOf<'private:new-api'>().toExtend<Scope>();
    expectTypeOf<'openid private:account'>().toExtend<AuthorizationUrlInput['scope']>();
  });

  it('the claims a verified id_token always carries are required', () => {
    expectTypeOf<Pick<IdTokenClaims, 'iss' | 'sub' | 'aud' | 'exp' | 'iat'>>().toEqualTypeOf<{
      iss: string;
      sub: string;
      aud: string | string[];
      exp: number;
      iat: number;
    }>();
    const greet = (claims: IdTokenClaims): string => `Signed in as ${claims.sub}`;
    expectTypeOf(greet).toBeFunction();
  });
});
