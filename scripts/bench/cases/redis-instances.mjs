// Several BFF instances on one Redis: 4 processes × 50 concurrent callers ask for the access
// token of one session inside the refresh window, through gmo-aozora-auth/redis (two instances
// on node-redis, two on ioredis) and the rotating mock bank on loopback. Reports the refresh
// requests the bank saw per round (the point: 1), whether all 200 callers got the same token and
// the bank still accepts it (the grant survived), and the time from the go signal until the last
// of the 200 callers has its token. Needs redis-server; reports a skip without it.
//
// `node scripts/bench.mjs --only=redis-instances` runs it alone.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { haveRedisServer, startRedis } from '../../redis-server.mjs';
import { median, quantile } from '../lib.mjs';

const INSTANCES = ['node-redis', 'ioredis', 'node-redis', 'ioredis'];
const CALLERS = 50;
const instanceScript = fileURLToPath(new URL('../redis-instance.mjs', import.meta.url));

function startInstance(env) {
  const child = fork(instanceScript, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', () => reject(new Error('bench: a redis-instances instance exited')));
    });
  return next().then(() => ({
    run(key) {
      const answer = next();
      child.send({ type: 'run', key, callers: CALLERS });
      return answer;
    },
    stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'exit' });
      return exited;
    },
  }));
}

export default {
  name: 'redis-instances',
  async run({ quick, rounds: roundsOption, lib, log }) {
    if (!haveRedisServer()) {
      return { json: { skipped: 'no redis-server' }, lines: ['redis-instances: skipped, no redis-server (apt-get install redis-server)'] };
    }
    const { createRedisStores } = await import('gmo-aozora-auth/redis');
    const { approveAuthorization, createMockBank, MOCK_CLIENT } = await import('gmo-aozora-auth/testing');
    const { startMockBankServer } = await import('gmo-aozora-auth/testing/node');
    const { createClient } = await import('redis');
    const rounds = roundsOption ?? (quick ? 1 : 10);

    const bank = createMockBank();
    const [redis, server] = await Promise.all([startRedis(), startMockBankServer({ bank })]);
    const client = await createClient({ url: redis.url }).connect();
    const instances = [];
    try {
      const auth = lib.createTokenClient({ baseUrl: server.baseUrl, clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });
      const tokens = lib.createTokenManager({ client: auth, store: createRedisStores(client, { encryptionKey: new Uint8Array(32).fill(5) }).tokens });
      instances.push(
        ...(await Promise.all(INSTANCES.map((kind) => startInstance({ REDIS_URL: redis.url, BANK_BASE_URL: server.baseUrl, INSTANCE_CLIENT: kind })))),
      );
      const refreshes = () => bank.requests.filter((r) => r.form?.grant_type === 'refresh_token').length;

      const samples = [];
      for (let round = 0; round < rounds; round++) {
        const key = `bench-session-${round}`;
        const { url } = await auth.authorizationUrl({ redirectUri: 'http://127.0.0.1/callback', scope: ['private:account', 'offline_access'] });
        const code = new URL(await approveAuthorization(url)).searchParams.get('code');
        // 30 s left: inside the 60 s refresh window, so every caller wants a refresh.
        const login = await auth.exchangeCode({ code, redirectUri: 'http://127.0.0.1/callback' });
        await tokens.save(key, { ...login, tokens: { ...login.tokens, expires_in: 30 } });
        const before = refreshes();
        const started = performance.now();
        const answers = await Promise.all(instances.map((instance) => instance.run(key)));
        const settleMs = performance.now() - started;
        const got = answers.flatMap((a) => a.tokens);
        const failures = answers.flatMap((a) => a.failures);
        const alive = got.length > 0 && (await fetch(server.accountsUrl, { headers: { 'x-access-token': got[0] } })).status === 200;
        samples.push({ settleMs, refreshRequests: refreshes() - before, distinctTokens: new Set(got).size, failures: failures.length, alive });
        if (failures.length) log(`  redis-instances: round ${round + 1}: ${failures.length} callers failed (${[...new Set(failures)].join(', ')})`);
      }
      log(`  redis-instances: ${rounds} round(s) done`);

      const settle = samples.map((s) => s.settleMs);
      const json = {
        instances: INSTANCES.length,
        callersPerInstance: CALLERS,
        rounds,
        medianSettleMs: median(settle),
        p90SettleMs: quantile(settle, 0.9),
        refreshRequestsPerRound: samples.map((s) => s.refreshRequests),
        distinctTokensPerRound: samples.map((s) => s.distinctTokens),
        failedCallers: samples.reduce((sum, s) => sum + s.failures, 0),
        grantStillActive: samples.every((s) => s.alive),
      };
      const lines = [
        `redis-instances: ${INSTANCES.length} processes × ${CALLERS} concurrent callers, one session inside the refresh window, one Redis, the mock bank on loopback; ${rounds} round(s)`,
        '',
        '| refresh requests per round | tokens handed out per round | failed callers | grant | settle, median | settle, p90 |',
        '|---:|---:|---:|---|---:|---:|',
        `| ${[...new Set(json.refreshRequestsPerRound)].join(', ')} | ${[...new Set(json.distinctTokensPerRound)].join(', ')} distinct | ${json.failedCallers} | ${json.grantStillActive ? 'active' : 'REVOKED'} | ${json.medianSettleMs.toFixed(1)} ms | ${json.p90SettleMs.toFixed(1)} ms |`,
      ];
      return { json, lines };
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
      await client.close();
      await Promise.all([server.close(), redis.close()]);
    }
  },
};
