// One BFF instance of the benchmark's `redis-instances` case, in its own process: the built
// package, a token manager on gmo-aozora-auth/redis with the client INSTANCE_CLIENT names, and
// the mock bank at BANK_BASE_URL. On { key, callers } it runs that many concurrent
// accessToken(key) calls and answers { tokens, failures }.
import { createTokenClient, createTokenManager } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { MOCK_CLIENT } from 'gmo-aozora-auth/testing';

const redis = process.env.INSTANCE_CLIENT === 'ioredis' ? new Redis(process.env.REDIS_URL) : createClient({ url: process.env.REDIS_URL });
redis.on('error', () => undefined);
if (!(redis instanceof Redis)) await redis.connect();
const stores = createRedisStores(redis, { encryptionKey: new Uint8Array(32).fill(5) });
const auth = createTokenClient({ baseUrl: process.env.BANK_BASE_URL, clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret });
const tokens = createTokenManager({ client: auth, store: stores.tokens });

process.on('message', async (message) => {
  if (message.type === 'exit') {
    if (redis instanceof Redis) redis.disconnect();
    else redis.destroy();
    process.disconnect();
    return;
  }
  const settled = await Promise.allSettled(Array.from({ length: message.callers }, () => tokens.accessToken(message.key)));
  process.send({
    tokens: settled.filter((s) => s.status === 'fulfilled').map((s) => s.value),
    failures: settled.filter((s) => s.status === 'rejected').map((s) => s.reason?.code ?? String(s.reason)),
  });
});
process.send({ ready: true });
