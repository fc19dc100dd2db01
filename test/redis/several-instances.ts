// The Redis setup that docs/several-instances.md shows: every instance of a BFF runs it.
// several-instances.test.ts runs it in several processes at once against one Redis and the mock
// bank, and docs-in-sync.test.ts keeps the docs' copy identical to this file.
import { createTokenClient, createTokenManager } from 'gmo-aozora-auth';
import { createRedisStores } from 'gmo-aozora-auth/redis';
import { createClient } from 'redis';

// One Redis connection per process, shared by every request. Without an 'error' listener a lost
// connection would crash the process; the client reconnects by itself.
export const redis = createClient({ url: process.env.REDIS_URL! });
redis.on('error', (error: Error) => console.error('Redis:', error.message));
await redis.connect();

const stores = createRedisStores(redis, {
  // 32 random bytes (`openssl rand -base64 32`), kept with your other secrets. Token records are
  // sealed with it, so a copy of the Redis data (a dump, a backup, a replica) holds no token.
  encryptionKey: Buffer.from(process.env.TOKEN_ENCRYPTION_KEY!, 'base64'),
});

export const auth = createTokenClient({
  environment: 'staging',
  clientId: process.env.GANB_CLIENT_ID!,
  clientSecret: process.env.GANB_CLIENT_SECRET!,
  // Nonces in Redis, so the callback may reach any instance. (Or keep the nonce in the user's
  // session and pass it to exchangeCode as expectedNonce, as bff.ts does.)
  nonce: stores.nonce,
});

// Tokens and the refresh lock in Redis: one refresh per session across every instance.
export const tokens = createTokenManager({ client: auth, store: stores.tokens });
