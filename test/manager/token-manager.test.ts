// The token manager against the rotating mock bank over loopback: a reused refresh token revokes
// the grant (RFC 9700 §4.14.2), so any refresh that overlaps another shows up as a dead session.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMemoryTokenStore,
  createTokenManager,
  InvalidResponseError,
  LoginRequiredError,
  OAuthError,
  TimeoutError,
  type TokenManagerEvent,
  type TokenResult,
  type TokenStore,
} from 'gmo-aozora-auth';
import type { MockBankServer } from 'gmo-aozora-auth/testing/node';
import { ACCESS_TOKEN_TTL_MS, clientFor, refreshRequests, resourceStatus, signIn, startBank } from './harness.js';

let server: MockBankServer;
beforeAll(async () => {
  server = await startBank();
});
afterAll(() => server.close());
beforeEach(() => {
  // Only Date is faked: sockets and timers run for real, the bank and the client share the clock.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-25T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  server.bank.reset();
});

/** The memory store without its lock: only the manager's in-process single-flight is left. */
function locklessStore(): TokenStore {
  const { acquireRefreshLock: _, ...store } = createMemoryTokenStore();
  return store;
}

async function signedIn(options: Parameters<typeof clientFor>[1] = {}, store?: TokenStore) {
  // Signs in with default options, so a short timeout meant for the refresh cannot fail the login.
  const auth = clientFor(server);
  const events: TokenManagerEvent[] = [];
  const manager = createTokenManager({ client: clientFor(server, options), store, onEvent: (event) => events.push(event) });
  const login = await signIn(auth);
  await manager.save('user-1', login);
  return { auth, manager, login, tokens: login.tokens, events };
}

/** Moves the shared clock to `msBeforeExpiry` before the access token saved at sign-in expires. */
function advanceTo(msBeforeExpiry: number) {
  vi.setSystemTime(Date.now() + ACCESS_TOKEN_TTL_MS - msBeforeExpiry);
}

describe('outside the refresh window', () => {
  it('returns the stored access token without a request', async () => {
    const { manager, tokens } = await signedIn();
    advanceTo(61_000);
    expect(await manager.accessToken('user-1')).toBe(tokens.access_token);
    expect(refreshRequests(server)).toBe(0);
  });
});

describe('single-flight refresh', () => {
  it.each([
    ['the default store (with its lock)', createMemoryTokenStore],
    ['a store without a lock', locklessStore],
  ])('200 concurrent callers inside the refresh window cause exactly one refresh, and the new grant stays active: %s', async (_, makeStore) => {
    const { manager, tokens, events } = await signedIn({}, makeStore());
    advanceTo(30_000);

    const results = await Promise.all(Array.from({ length: 200 }, () => manager.accessToken('user-1')));

    expect(refreshRequests(server)).toBe(1);
    expect(new Set(results).size).toBe(1);
    const [fresh] = results;
    expect(fresh).not.toBe(tokens.access_token);
    const stored = await manager.get('user-1');
    expect(stored?.accessToken).toBe(fresh);
    expect(stored?.refreshToken).not.toBe(tokens.refresh_token);
    // Proof that no second refresh reused the old token: reuse would have revoked the whole grant.
    expect(await resourceStatus(server, fresh!)).toBe(200);
    expect(server.bank.tokenInfo(stored!.refreshToken!)?.active).toBe(true);
    expect(server.bank.tokenInfo(tokens.refresh_token!)?.active).toBe(false);
    expect(events.filter((event) => event.type === 'refresh')).toEqual([{ type: 'refresh', reason: 'expiring' }]);
    // And the stored refresh token still works: the grant is alive.
    expect(await manager.accessToken('user-1', { rejectedToken: fresh })).not.toBe(fresh);
    expect(refreshRequests(server)).toBe(2);
  });

  it('stores the rotated refresh token before any caller is answered', async () => {
    const { auth, login } = await signedIn();
    const writes: string[] = [];
    const store = createMemoryTokenStore();
    const watched: TokenStore = {
      ...store,
      compareAndSet: async (...args: Parameters<typeof store.compareAndSet>) => {
        writes.push('stored');
        return store.compareAndSet(...args);
      },
    };
    const manager = createTokenManager({ client: auth, store: watched });
    await manager.save('user-1', login);
    advanceTo(1_000);
    const answered = Array.from({ length: 5 }, () => manager.accessToken('user-1').then(() => writes.push('answered')));
    await Promise.all(answered);
    expect(writes).toEqual(['stored', 'answered', 'answered', 'answered', 'answered', 'answered']);
  });

  it('50 callers reporting the same rejected token cause one refresh; later reports of it get the new token', async () => {
    const { manager, tokens } = await signedIn({}, locklessStore());
    // The token is far from expiry, but the resource server refused it.
    server.bank.expireToken(tokens.access_token);
    expect(await resourceStatus(server, tokens.access_token)).toBe(401);

    const results = await Promise.all(Array.from({ length: 50 }, () => manager.accessToken('user-1', { rejectedToken: tokens.access_token })));

    expect(refreshRequests(server)).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(await resourceStatus(server, results[0]!)).toBe(200);
    expect(await manager.accessToken('user-1', { rejectedToken: tokens.access_token })).toBe(results[0]);
    expect(refreshRequests(server)).toBe(1);
  });

  it('refreshes an expired token once, and a caller arriving after the refresh reads the new token', async () => {
    const { manager, events } = await signedIn();
    advanceTo(-1_000);
    const [first, second] = await Promise.all([manager.accessToken('user-1'), manager.accessToken('user-1')]);
    expect(first).toBe(second);
    expect(await manager.accessToken('user-1')).toBe(first);
    expect(refreshRequests(server)).toBe(1);
    expect(events.find((event) => event.type === 'refresh')).toEqual({ type: 'refresh', reason: 'expired' });
  });

  it('keeps refreshes of different sessions apart', async () => {
    const { auth, manager } = await signedIn();
    await manager.save('user-2', await signIn(auth));
    advanceTo(1_000);
    const [one, two] = await Promise.all([manager.accessToken('user-1'), manager.accessToken('user-2')]);
    expect(one).not.toBe(two);
    expect(refreshRequests(server)).toBe(2);
  });

  it("a caller's signal ends only its own wait; the refresh completes and is stored for the others", async () => {
    const { manager, tokens } = await signedIn();
    advanceTo(1_000);
    server.bank.inject({ type: 'delay', ms: 300 });
    const controller = new AbortController();
    const leaving = manager.accessToken('user-1', { signal: controller.signal });
    const staying = manager.accessToken('user-1');
    controller.abort(new Error('client went away'));
    await expect(leaving).rejects.toMatchObject({ code: 'ABORTED' });
    const fresh = await staying;
    expect(fresh).not.toBe(tokens.access_token);
    expect((await manager.get('user-1'))?.accessToken).toBe(fresh);
    expect(refreshRequests(server)).toBe(1);
  });
});

describe('when a new login is needed', () => {
  it('invalid_grant removes the record and throws LoginRequiredError with the OAuthError as cause', async () => {
    const { manager, events } = await signedIn();
    advanceTo(1_000);
    server.bank.inject({ type: 'invalid-grant-on-refresh' });

    const error = await manager.accessToken('user-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LoginRequiredError);
    expect(error).toMatchObject({ code: 'LOGIN_REQUIRED', name: 'LoginRequiredError' });
    expect((error as LoginRequiredError).cause).toBeInstanceOf(OAuthError);
    expect((error as LoginRequiredError).cause).toMatchObject({ error: 'invalid_grant' });
    expect(await manager.get('user-1')).toBeUndefined();
    expect(events).toContainEqual({ type: 'login-required', reason: 'invalid-grant' });
    await expect(manager.accessToken('user-1')).rejects.toMatchObject({ code: 'LOGIN_REQUIRED' });
    expect(refreshRequests(server)).toBe(1);
  });

  it('a grant revoked at the bank ends the session at the next refresh', async () => {
    const { manager, tokens } = await signedIn();
    server.bank.revokeGrant(tokens.access_token);
    expect(await resourceStatus(server, tokens.access_token)).toBe(401);
    await expect(manager.accessToken('user-1', { rejectedToken: tokens.access_token })).rejects.toBeInstanceOf(LoginRequiredError);
    expect(await manager.get('user-1')).toBeUndefined();
  });

  it('an unknown key is LoginRequiredError, without a request', async () => {
    const { manager } = await signedIn();
    await expect(manager.accessToken('nobody')).rejects.toMatchObject({ code: 'LOGIN_REQUIRED', message: expect.stringContaining('no tokens') });
    expect(refreshRequests(server)).toBe(0);
  });

  it('delete (logout) forgets the tokens; the bank still accepts the access token until it expires', async () => {
    const { manager, tokens } = await signedIn();
    await manager.delete('user-1');
    expect(await manager.get('user-1')).toBeUndefined();
    await expect(manager.accessToken('user-1')).rejects.toBeInstanceOf(LoginRequiredError);
    // No revocation endpoint: a copy of the token taken before logout still works at the bank.
    expect(await resourceStatus(server, tokens.access_token)).toBe(200);
  });
});

describe('transient failures', () => {
  it('while the access token is still valid: returns it, keeps the record, emits refresh-failed', async () => {
    const { manager, tokens, events } = await signedIn();
    advanceTo(30_000);
    server.bank.inject({ type: 'gateway-error', status: 502 });

    const results = await Promise.all(Array.from({ length: 10 }, () => manager.accessToken('user-1')));

    expect(results).toEqual(Array(10).fill(tokens.access_token));
    expect(refreshRequests(server)).toBe(1);
    expect(events).toContainEqual({ type: 'refresh-failed', reason: 'expiring', error: 'INVALID_RESPONSE', expiresInMs: 30_000 });
    expect((await manager.get('user-1'))?.refreshToken).toBe(tokens.refresh_token);
    // The next call tries again, and succeeds.
    const renewed = await manager.accessToken('user-1');
    expect(renewed).not.toBe(tokens.access_token);
    expect(await resourceStatus(server, renewed)).toBe(200);
  });

  it('a timeout while the token is still valid also returns it', async () => {
    const { manager, tokens } = await signedIn({ timeoutMs: 1_000, retry: false });
    advanceTo(30_000);
    server.bank.inject({ type: 'delay', ms: 10_000 });
    expect(await manager.accessToken('user-1')).toBe(tokens.access_token);
  });

  it('once expired: throws the transient error and keeps the stored tokens for the next try', async () => {
    const { manager, tokens } = await signedIn({ timeoutMs: 1_000, retry: false });
    advanceTo(-1_000);
    server.bank.inject({ type: 'gateway-error', status: 502 });
    await expect(manager.accessToken('user-1')).rejects.toBeInstanceOf(InvalidResponseError);
    server.bank.inject({ type: 'delay', ms: 10_000 });
    await expect(manager.accessToken('user-1')).rejects.toBeInstanceOf(TimeoutError);
    expect(server.bank.pendingFaults).toEqual([]);

    const kept = await manager.get('user-1');
    expect(kept).toMatchObject({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
    const renewed = await manager.accessToken('user-1');
    expect(renewed).not.toBe(tokens.access_token);
  });

  it('a rejected token is not handed back when the refresh fails', async () => {
    const { manager, tokens } = await signedIn();
    server.bank.inject({ type: 'gateway-error', status: 502 });
    await expect(manager.accessToken('user-1', { rejectedToken: tokens.access_token })).rejects.toBeInstanceOf(InvalidResponseError);
  });
});

describe('races with save and delete', () => {
  it('a new login saved during a refresh wins: the late refresh does not overwrite it', async () => {
    const { auth, manager, events } = await signedIn();
    advanceTo(1_000);
    server.bank.inject({ type: 'delay', ms: 300 });
    const pending = manager.accessToken('user-1');
    await vi.waitFor(() => expect(server.bank.requests.some((r) => r.form?.grant_type === 'refresh_token')).toBe(true), { interval: 5 });
    const relogin: TokenResult = await signIn(auth);
    await manager.save('user-1', relogin);
    expect(await pending).toBe(relogin.tokens.access_token);
    expect((await manager.get('user-1'))?.refreshToken).toBe(relogin.tokens.refresh_token);
    expect(events).toContainEqual({ type: 'write-conflict' });
  });

  it('a logout during a refresh wins: the callers get LoginRequiredError and nothing is stored', async () => {
    const { manager } = await signedIn();
    advanceTo(1_000);
    server.bank.inject({ type: 'delay', ms: 300 });
    const pending = manager.accessToken('user-1');
    await vi.waitFor(() => expect(server.bank.requests.some((r) => r.form?.grant_type === 'refresh_token')).toBe(true), { interval: 5 });
    await manager.delete('user-1');
    await expect(pending).rejects.toBeInstanceOf(LoginRequiredError);
    expect(await manager.get('user-1')).toBeUndefined();
  });
});
