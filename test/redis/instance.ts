// One BFF instance in its own OS process, for several-instances.test.ts. It builds its token
// manager with the docs' setup (several-instances.ts, node-redis), or the same setup on the
// client INSTANCE_CLIENT names (node-redis or ioredis) with the lockTtlMs INSTANCE_LOCK_TTL_MS
// gives. Then it answers the test over IPC: { type: 'run', key, callers } → that many
// concurrent accessToken(key) calls → { type: 'results', results }.
import { createTokenClient, createTokenManager, type TokenManager } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { Redis } from 'ioredis';
import { createClient, type RedisClientType } from 'redis';
import { routeStagingTo } from './staging-to-loopback.js';

routeStagingTo(process.env.BANK_ORIGIN!);

/** What one caller got: the access token, or the error's code. */
export type CallerResult = { ok: true; accessToken: string } | { ok: false; code: string };
export type ToInstance = { type: 'run'; key: string; callers: number } | { type: 'exit' };
export type FromInstance = { type: 'ready' } | { type: 'results'; results: CallerResult[] };

async function setUp(): Promise<{ tokens: TokenManager; close: () => Promise<unknown> }> {
  const lockTtlMs = process.env.INSTANCE_LOCK_TTL_MS ? Number(process.env.INSTANCE_LOCK_TTL_MS) : undefined;
  if (process.env.INSTANCE_CLIENT !== 'ioredis' && lockTtlMs === undefined) {
    const { tokens, redis } = await import('./several-instances.js');
    return { tokens, close: () => redis.close() };
  }
  let redis: Redis | RedisClientType;
  if (process.env.INSTANCE_CLIENT === 'ioredis') {
    redis = new Redis(process.env.REDIS_URL!);
  } else {
    redis = createClient({ url: process.env.REDIS_URL! });
    await redis.connect();
  }
  redis.on('error', () => undefined);
  const stores = createRedisStores(redis, { encryptionKey: Buffer.from(process.env.TOKEN_ENCRYPTION_KEY!, 'base64') });
  const auth = createTokenClient({
    environment: 'staging',
    clientId: process.env.GANB_CLIENT_ID!,
    clientSecret: process.env.GANB_CLIENT_SECRET!,
    nonce: stores.nonce,
  });
  const tokens = createTokenManager({ client: auth, store: stores.tokens, ...(lockTtlMs ? { lockTtlMs } : {}) });
  return { tokens, close: async () => (redis instanceof Redis ? redis.disconnect() : redis.destroy()) };
}

const { tokens, close } = await setUp();
const send = (message: FromInstance) => process.send!(message);

process.on('message', async (message: ToInstance) => {
  if (message.type === 'exit') {
    await close();
    process.disconnect();
    return;
  }
  const settled = await Promise.allSettled(Array.from({ length: message.callers }, () => tokens.accessToken(message.key)));
  send({
    type: 'results',
    results: settled.map((outcome) =>
      outcome.status === 'fulfilled'
        ? { ok: true, accessToken: outcome.value }
        : { ok: false, code: String((outcome.reason as { code?: unknown }).code ?? outcome.reason) },
    ),
  });
});
send({ type: 'ready' });
