// The sample consumer test: the BFF in bff.ts tested against the mock bank, through msw
// intercepting the real staging URL. It imports only the public entries a user has:
// 'gmo-aozora-auth' and 'gmo-aozora-auth/testing' (plus msw and vitest).
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { approveAuthorization, createMockBank, denyAuthorization, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { mockBankHandlers } from 'gmo-aozora-auth/testing/msw';

const bank = createMockBank({
  clients: [{ ...MOCK_CLIENT, redirectUris: ['https://bff.example.com/auth/callback'] }],
});
// accounts: true also serves the bank's GET …/personal/v1/accounts, which checks x-access-token.
const server = setupServer(...mockBankHandlers(bank, { accounts: true }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// Only Date is faked: the mock bank reads the same clock, so tokens expire when the test says.
beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => {
  vi.useRealTimers();
  bank.reset();
});
afterAll(() => server.close());

// bff.ts reads its credentials from the environment, as in production.
vi.stubEnv('GANB_CLIENT_ID', MOCK_CLIENT.clientId);
vi.stubEnv('GANB_CLIENT_SECRET', MOCK_CLIENT.clientSecret);
const { login, callback, accounts, logout } = await import('./bff.js');
type Session = import('./bff.js').Session;

let sessions = 0;
const newSession = (): Session => ({ id: `session-${++sessions}` });

/** Plays the browser: login redirect → the bank's consent → back to our callback. */
async function signIn(session: Session): Promise<Response> {
  const redirect = await login(session);
  const callbackUrl = await approveAuthorization(redirect.headers.get('location')!);
  return callback(new Request(callbackUrl), session);
}

const get = (session: Session) => accounts(new Request('https://bff.example.com/api/accounts'), session);
const refreshes = () => bank.requests.filter((r) => r.form?.grant_type === 'refresh_token').length;
const thirtyDays = 30 * 24 * 3600 * 1000;

test('signs in with OpenID Connect, then calls the bank with the access token', async () => {
  const session = newSession();
  const response = await signIn(session);
  expect(await response.text()).toBe('Signed in as mock-user-0001');
  expect(session.login).toBeUndefined();

  const apiResponse = await get(session);
  expect(apiResponse.status).toBe(200);
  expect(await apiResponse.json()).toHaveProperty('accounts');
  expect(refreshes()).toBe(0);
});

test('five parallel requests with an expired access token share one refresh, and stay signed in', async () => {
  const session = newSession();
  await signIn(session);
  vi.setSystemTime(Date.now() + thirtyDays);

  const apiResponses = await Promise.all([1, 2, 3, 4, 5].map(() => get(session)));
  expect(apiResponses.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(refreshes()).toBe(1);
  // The grant is alive: the renewed tokens keep working, and renew again when they expire.
  vi.setSystemTime(Date.now() + thirtyDays);
  expect((await get(session)).status).toBe(200);
  expect(refreshes()).toBe(2);
});

test('a token the bank refuses before its expiry is renewed once for all requests that saw the 401', async () => {
  const session = newSession();
  await signIn(session);
  bank.expireAccessTokens();

  const apiResponses = await Promise.all([1, 2, 3].map(() => get(session)));
  expect(apiResponses.map((a) => a.status)).toEqual([200, 200, 200]);
  expect(refreshes()).toBe(1);
});

test('asks for a new sign-in when the bank refuses the refresh token', async () => {
  const session = newSession();
  await signIn(session);
  vi.setSystemTime(Date.now() + thirtyDays);
  bank.inject({ type: 'invalid-grant-on-refresh' });

  const apiResponse = await get(session);
  expect(apiResponse.status).toBe(401);
  expect(await apiResponse.text()).toBe('Sign in again');
  expect((await get(session)).status).toBe(401);
  expect(refreshes()).toBe(1);
});

test('logout forgets the tokens; the bank still accepts the access token until it expires', async () => {
  const session = newSession();
  await signIn(session);
  expect((await get(session)).status).toBe(200);
  const sent = bank.requests.filter((r) => r.endpoint === 'accounts').at(-1)!.headers['x-access-token']!;

  expect(await (await logout(session)).text()).toBe('Signed out');
  expect((await get(session)).status).toBe(401);
  // No revocation endpoint: a copy of the token taken before the logout works until it expires.
  expect(bank.tokenInfo(sent)?.active).toBe(true);
});

test('refuses a callback that belongs to another session', async () => {
  const mine = newSession();
  const theirs = newSession();
  await login(mine);
  const redirect = await login(theirs);
  const callbackForThem = await approveAuthorization(redirect.headers.get('location')!);

  const response = await callback(new Request(callbackForThem), mine);
  expect(response.status).toBe(400);
  expect(await response.text()).toBe('Sign-in failed: STATE_MISMATCH');
  expect((await get(mine)).status).toBe(401);
});

test('refuses a replayed callback: the state and the code are single-use', async () => {
  const session = newSession();
  const redirect = await login(session);
  const callbackUrl = await approveAuthorization(redirect.headers.get('location')!);
  await callback(new Request(callbackUrl), session);

  const replay = await callback(new Request(callbackUrl), session);
  expect(replay.status).toBe(400);
  expect(await replay.text()).toBe('Sign-in failed: STATE_MISMATCH');
});

test('reports a declined consent', async () => {
  const session = newSession();
  const redirect = await login(session);
  const response = await callback(new Request(denyAuthorization(redirect.headers.get('location')!)), session);
  expect(await response.text()).toBe('Sign-in failed: AUTHORIZATION_ERROR');
});

test('refuses an id_token whose nonce is not ours, and keeps no tokens', async () => {
  const session = newSession();
  bank.inject({ type: 'id-token', tamper: 'wrong-nonce' });
  const response = await signIn(session);
  expect(await response.text()).toBe('Sign-in failed: ID_TOKEN_REJECTED');
  expect((await get(session)).status).toBe(401);
});
