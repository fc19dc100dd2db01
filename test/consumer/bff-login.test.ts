// The sample consumer test: a BFF's login and renewal tested against the mock bank, through
// msw intercepting the real staging URL. It imports only the public entries a user has:
// 'gmo-aozora-auth' and 'gmo-aozora-auth/testing' (plus msw and vitest).
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { IdTokenError, StateMismatchError } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, denyAuthorization, MOCK_CLIENT, mockBankHandlers } from 'gmo-aozora-auth/testing';
import { createLogin, type Session } from './bff.js';

const bank = createMockBank({
  clients: [{ ...MOCK_CLIENT, redirectUris: ['https://bff.example.com/callback'] }],
});
const server = setupServer(...mockBankHandlers(bank));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => bank.reset());
afterAll(() => server.close());

const login = createLogin({ clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });

test('logs in and renews the tokens', async () => {
  const session: Session = {};
  const url = await login.start(session);
  expect(url.startsWith('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization?')).toBe(true);

  await login.finish(session, await approveAuthorization(url));
  expect(session.tokens?.idTokenClaims?.sub).toBe('mock-user-0001');
  const first = session.tokens!;

  expect(await login.renew(session)).toBe('renewed');
  expect(session.tokens?.refresh_token).not.toBe(first.refresh_token);
  expect(bank.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /ganb/api/auth/v1/authorization',
    'POST /ganb/api/auth/v1/token',
    'POST /ganb/api/auth/v1/token',
  ]);
});

test('asks for a new login when the bank refuses the refresh token', async () => {
  const session: Session = {};
  await login.finish(session, await approveAuthorization(await login.start(session)));
  bank.inject({ type: 'invalid-grant-on-refresh' });
  expect(await login.renew(session)).toBe('login-required');
  expect(session.tokens).toBeUndefined();
});

test('survives a gateway hiccup on refresh (503 is retried)', async () => {
  const session: Session = {};
  await login.finish(session, await approveAuthorization(await login.start(session)));
  bank.inject({ type: 'gateway-error', status: 503, retryAfter: '0' });
  expect(await login.renew(session)).toBe('renewed');
});

test('refuses a callback from another session', async () => {
  const mine: Session = {};
  const theirs: Session = {};
  await login.start(mine);
  const callbackForThem = await approveAuthorization(await login.start(theirs));
  await expect(login.finish(mine, callbackForThem)).rejects.toBeInstanceOf(StateMismatchError);
});

test('reports a declined consent', async () => {
  const session: Session = {};
  const url = await login.start(session);
  await expect(login.finish(session, denyAuthorization(url))).rejects.toMatchObject({ error: 'access_denied' });
});

test('refuses an id_token whose nonce is not ours', async () => {
  const session: Session = {};
  const url = await login.start(session);
  bank.inject({ type: 'id-token', tamper: 'wrong-nonce' });
  await expect(login.finish(session, await approveAuthorization(url))).rejects.toBeInstanceOf(IdTokenError);
  expect(session.tokens).toBeUndefined();
});
