// Several BFF instances, each its own OS process, sharing one Redis and one rotating mock bank on
// loopback: the docs' Redis setup (several-instances.ts) is what they run.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenClient, createTokenManager, LoginRequiredError, StoreError, type TokenSet } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { approveAuthorization, createMockBank, MOCK_CLIENT, type MockBank } from 'gmo-aozora-auth/testing';
import { type MockBankServer, startMockBankServer } from 'gmo-aozora-auth/testing/node';
import type { CallerResult, FromInstance, ToInstance } from './instance.js';
import { CLIENTS, describeWithRedis, startRedis, type TestRedis } from './redis-server.js';
import { routeStagingTo } from './staging-to-loopback.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const REDIRECT_URI = 'https://bff.example.com/auth/callback';
const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64');

/** A BFF instance in a child process (test/redis/instance.ts). */
interface Instance {
  run(key: string, callers: number): Promise<CallerResult[]>;
  kill(): void;
  stop(): Promise<void>;
}

function startInstance(env: Record<string, string>): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/redis/instance.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next = () =>
    new Promise<FromInstance>((resolve, reject) => {
      child.once('message', (message) => resolve(message as FromInstance));
      exited.then(() => reject(new Error('the instance exited')));
    });
  const send = (message: ToInstance) => child.send(message);
  return next().then(() => ({
    async run(key, callers) {
      const httpResponse = next();
      send({ type: 'run', key, callers });
      const message = await httpResponse;
      if (message.type !== 'results') throw new Error(`unexpected message ${message.type}`);
      return message.results;
    },
    kill: () => child.kill('SIGKILL'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        send({ type: 'exit' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  }));
}

describeWithRedis('several BFF instances on one Redis', () => {
  let redis: TestRedis;
  let bankServer: MockBankServer;
  let env: Record<string, string>;
  let docs: typeof import('./several-instances.js');
  let undoRoute: () => void;
  const bank = createMockBank({ issuer: 'https://stg-api.gmo-aozora.com', clients: [{ ...MOCK_CLIENT, redirectUris: [REDIRECT_URI] }] });
  /** When set, the bank handles the next refresh (rotating the token) but never answers it: the answer is lost. */
  let loseNextRefreshAnswer = false;
  const served: MockBank = Object.create(bank, {
    handle: {
      value: async (request: Request) => {
        const response = await bank.handle(request);
        if (loseNextRefreshAnswer && bank.requests.at(-1)?.form?.grant_type === 'refresh_token') {
          loseNextRefreshAnswer = false;
          await new Promise((resolve) => request.signal.addEventListener('abort', resolve, { once: true }));
        }
        return response;
      },
    },
  });
  const instances: Instance[] = [];

  beforeAll(async () => {
    [redis, bankServer] = await Promise.all([startRedis(), startMockBankServer({ bank: served })]);
    env = {
      REDIS_URL: redis.url,
      TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
      GANB_CLIENT_ID: MOCK_CLIENT.clientId,
      GANB_CLIENT_SECRET: MOCK_CLIENT.clientSecret,
      BANK_ORIGIN: bankServer.origin,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    undoRoute = routeStagingTo(bankServer.origin);
    // This process runs the docs' setup too: it signs the user in.
    docs = await import('./several-instances.js');
  });
  afterEach(async () => {
    loseNextRefreshAnswer = false;
    await Promise.all(instances.splice(0).map((instance) => instance.stop()));
  });
  afterAll(async () => {
    undoRoute?.();
    vi.unstubAllEnvs();
    await docs?.redis.close();
    await Promise.all([redis?.close(), bankServer?.close()]);
  });

  /** Signs a user in through the docs' client (nonce in Redis) and stores tokens that are inside the refresh window. */
  async function signIn(key: string): Promise<TokenSet> {
    const { url } = await docs.auth.authorizationUrl({ redirectUri: REDIRECT_URI, scope: ['openid', 'private:account', 'offline_access'] });
    const code = new URL(await approveAuthorization(url)).searchParams.get('code')!;
    const httpResponse = await docs.auth.exchangeCode({ code, redirectUri: REDIRECT_URI });
    // 30 s left: inside the manager's 60 s refresh window, so every caller wants a refresh.
    await docs.tokens.save(key, { ...httpResponse, tokens: { ...httpResponse.tokens, expires_in: 30 } });
    return httpResponse.tokens;
  }

  const refreshRequests = () => bank.requests.filter((request) => request.form?.grant_type === 'refresh_token');

  it('4 processes × 50 concurrent callers: 1 refresh at the bank, 1 token for all 200, the grant still active', { timeout: 120_000 }, async () => {
    const before = await signIn('session-200');
    // Two instances on the docs' node-redis setup, two on ioredis: both clients, one truth.
    instances.push(
      ...(await Promise.all((['node-redis', 'ioredis', 'node-redis', 'ioredis'] as const).map((client) => startInstance({ ...env, INSTANCE_CLIENT: client })))),
    );
    const refreshesBefore = refreshRequests().length;
    const results = (await Promise.all(instances.map((instance) => instance.run('session-200', 50)))).flat();

    expect(results).toHaveLength(200);
    expect(refreshRequests().length - refreshesBefore).toBe(1);
    const stored = (await docs.tokens.get('session-200'))!;
    expect(stored.accessToken).not.toBe(before.access_token);
    expect(new Set(results.map((result) => (result.ok ? result.accessToken : result.code)))).toEqual(new Set([stored.accessToken]));
    expect(bank.tokenInfo(stored.accessToken)?.active).toBe(true);
    expect(bank.tokenInfo(stored.refreshToken!)?.active).toBe(true);
    expect(bank.tokenInfo(before.refresh_token!)?.active).toBe(false);
  });

  /**
   * Starts a holder and a successor (lock TTL 1.5 s), lets the holder send its refresh, kills it
   * with SIGKILL, and has the successor serve 10 callers of the session.
   */
  async function killHolderMidRefresh(key: string): Promise<{ results: CallerResult[]; waitedMs: number; refreshes: number }> {
    const [holder, successor] = await Promise.all([
      startInstance({ ...env, INSTANCE_CLIENT: 'node-redis', INSTANCE_LOCK_TTL_MS: '1500' }),
      startInstance({ ...env, INSTANCE_CLIENT: 'ioredis', INSTANCE_LOCK_TTL_MS: '1500' }),
    ]);
    instances.push(holder, successor);
    const refreshesBefore = refreshRequests().length;
    void holder.run(key, 5).catch(() => undefined);
    await vi.waitFor(() => expect(refreshRequests().length).toBe(refreshesBefore + 1), { timeout: 20_000, interval: 20 });
    holder.kill();
    const started = Date.now();
    const results = await successor.run(key, 10);
    return { results, waitedMs: Date.now() - started, refreshes: refreshRequests().length - refreshesBefore };
  }

  it('a lock holder killed before the bank handled its refresh: another instance takes over once the lock expires, and the session lives on', {
    timeout: 120_000,
  }, async () => {
    const before = await signIn('session-killed-early');
    // The bank holds the holder's request; the holder's death aborts it unhandled.
    bank.inject({ type: 'delay', ms: 60_000 });
    const { results, waitedMs, refreshes } = await killHolderMidRefresh('session-killed-early');
    const stored = (await docs.tokens.get('session-killed-early'))!;
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: true, accessToken: stored.accessToken })));
    expect(stored.accessToken).not.toBe(before.access_token);
    expect(refreshes).toBe(2);
    expect(bank.tokenInfo(stored.refreshToken!)?.active).toBe(true);
    expect(waitedMs).toBeLessThan(15_000);
  });

  it('a lock holder killed after the bank rotated the token, before the answer arrived: the session ends (LOGIN_REQUIRED, record removed, grant revoked)', {
    timeout: 120_000,
  }, async () => {
    const before = await signIn('session-killed-late');
    loseNextRefreshAnswer = true;
    const { results, waitedMs, refreshes } = await killHolderMidRefresh('session-killed-late');
    // The successor refreshed with the stored refresh token, which the bank had rotated for the
    // dead holder: reuse, so the bank revoked the grant, and nobody holds a working token.
    expect(results).toEqual(Array.from({ length: 10 }, () => ({ ok: false, code: 'LOGIN_REQUIRED' })));
    expect(refreshes).toBe(2);
    expect(await docs.tokens.get('session-killed-late')).toBeUndefined();
    expect(bank.tokenInfo(before.refresh_token!)?.active).toBe(false);
    await expect(docs.tokens.accessToken('session-killed-late')).rejects.toThrow(LoginRequiredError);
    expect(waitedMs).toBeLessThan(15_000);
  });

  describe.each(CLIENTS)('when Redis is stopped, with $name', (kind) => {
    it('a manager created afterwards fails with StoreError within the default bound', { timeout: 30_000 }, async () => {
      const stopped = await startRedis();
      const client = await kind.connect(stopped);
      try {
        await stopped.stop();
        const stores = createRedisStores(client.client);
        const manager = createTokenManager({
          client: createTokenClient({ environment: 'staging', clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret }),
          store: stores.tokens,
        });
        const started = Date.now();
        await expect(manager.accessToken('any-session')).rejects.toThrow(StoreError);
        expect(Date.now() - started).toBeLessThan(15_000);
      } finally {
        await client.close();
        await stopped.close();
      }
    });
  });
});
