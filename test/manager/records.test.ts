// What the token manager accepts: as a token result (from save, or from the client's refresh) and
// as a record read back from a store. A store may be shared with other code or hold data from
// another version; whatever it hands back, the manager never returns an empty or non-string token.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMemoryTokenStore,
  createTokenManager,
  InvalidInputError,
  LoginRequiredError,
  StoreError,
  type StoredTokens,
  type TokenResult,
  type TokenSet,
  type TokenStore,
} from 'gmo-aozora-auth';

const ACCESS = 'access-token-of-the-login-0001';
const REFRESH = 'refresh-token-of-the-login-0001';
const NOW = Date.parse('2026-11-25T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

const tokens = (extra: Partial<Record<keyof TokenSet, unknown>> = {}) =>
  ({ access_token: ACCESS, refresh_token: REFRESH, token_type: 'Bearer', expires_in: 600, ...extra }) as TokenSet;

/** A record as the manager stores it, valid for ten more minutes. */
const record = (extra: Record<string, unknown> = {}) => ({
  accessToken: ACCESS,
  refreshToken: REFRESH,
  tokenType: 'Bearer',
  expiresAt: NOW + 600_000,
  ...extra,
});

/** A manager over a store whose `get` hands back `value`, as a store shared with other code might. */
function managerReading(value: unknown) {
  const store: TokenStore = { ...createMemoryTokenStore(), get: async () => value as StoredTokens };
  return createTokenManager({ client: { refresh: () => Promise.reject(new Error('not called')) }, store });
}

describe('a record read back from the store', () => {
  it('null (what a Redis client returns for a missing key) is no session: a login is required', async () => {
    const error = await managerReading(null)
      .accessToken('k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect((error as Error).message).toContain('no tokens are stored for this session');
    await expect(managerReading(null).get('k')).resolves.toBeUndefined();
  });

  it('a valid record, with or without a refresh token, serves its access token', async () => {
    await expect(managerReading(record()).accessToken('k')).resolves.toBe(ACCESS);
    await expect(managerReading(record({ refreshToken: undefined })).accessToken('k')).resolves.toBe(ACCESS);
  });

  it.each([
    ['a function carrying the fields of a record', Object.assign(() => undefined, record())],
    ['an access token that is a number', record({ accessToken: 42 })],
    ['an empty access token', record({ accessToken: '' })],
    ['no token type', record({ tokenType: undefined })],
    ['a token type that is a number', record({ tokenType: 7 })],
    ['an expiry written as a date string', record({ expiresAt: '2026-11-25T12:10:00Z' })],
    ['an expiry that JSON turned into null', record({ expiresAt: null })],
    ['a refresh token that is a number', record({ refreshToken: 42 })],
    ['an empty refresh token', record({ refreshToken: '' })],
  ])('%s is a StoreError, never a token handed out', async (_, value) => {
    const manager = managerReading(value);
    const error = await manager.accessToken('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain('is not a token record (accessToken, tokenType, expiresAt)');
    await expect(manager.get('k')).rejects.toBeInstanceOf(StoreError);
  });
});

describe('a token result', () => {
  it('a client whose refresh resolves to nothing fails naming its result, and the stored tokens stay', async () => {
    const manager = createTokenManager({ client: { refresh: async () => undefined as unknown as TokenResult } });
    await manager.save('k', { tokens: tokens() });
    vi.setSystemTime(NOW + 600_000);
    const error = await manager.accessToken('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: 'the result of client.refresh', problem: expect.stringContaining('must be the result of exchangeCode or refresh') });
    expect((await manager.get('k'))?.accessToken).toBe(ACCESS);
  });

  it.each([
    ['a string', 'access-token', 'result', 'must be the result of exchangeCode or refresh'],
    ['tokens that are null', { tokens: null }, 'result.tokens', 'must be the token response of exchangeCode or refresh'],
    ['a response without token_type', { tokens: tokens({ token_type: undefined }) }, 'result.tokens.token_type', 'must be a non-empty string'],
    ['a token_type that is a number', { tokens: tokens({ token_type: 1 }) }, 'result.tokens.token_type', 'must be a non-empty string'],
  ])('save refuses %s, naming the field', async (_, result, field, problem) => {
    const manager = createTokenManager({ client: { refresh: async () => ({ tokens: tokens() }) } });
    const error = await manager.save('k', result as unknown as TokenResult).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field, problem: expect.stringContaining(problem) });
    expect(await manager.get('k')).toBeUndefined();
  });

  it('a result that also carries the flat response fields (an adapter serving both shapes) is read by its tokens', async () => {
    const manager = createTokenManager({ client: { refresh: async () => ({ tokens: tokens() }) } });
    const response = tokens({ access_token: 'access-token-of-the-adapter-0002' });
    const saved = await manager.save('k', { ...response, tokens: response } as unknown as TokenResult);
    expect(saved.accessToken).toBe('access-token-of-the-adapter-0002');
  });
});

describe('the records save and get return', () => {
  it('without a refresh token, util.inspect shows the masked access token and claims no refresh token', async () => {
    const manager = createTokenManager({ client: { refresh: async () => ({ tokens: tokens() }) } });
    const saved = await manager.save('k', { tokens: tokens({ refresh_token: undefined }) });
    const shown = inspect(saved);
    expect(shown).toContain('acce…');
    expect(shown).not.toContain(ACCESS);
    expect(shown).not.toContain('refreshToken');
  });

  it('spread into a session object, a record gives its fields alone: its masked view does not travel with them', async () => {
    const manager = createTokenManager({ client: { refresh: async () => ({ tokens: tokens() }) } });
    const saved = await manager.save('k', { tokens: tokens() });
    // A session object that takes the record's fields must still show itself, not the record's masked view.
    const session = { userId: 'user-0001', ...saved };
    expect(inspect(session)).toContain('user-0001');
    expect(session).toEqual({ userId: 'user-0001', accessToken: ACCESS, refreshToken: REFRESH, tokenType: 'Bearer', expiresAt: NOW + 600_000 });
  });
});
