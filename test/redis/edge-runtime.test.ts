// gmo-aozora-auth/redis inside an edge runtime (@edge-runtime/vm: Web APIs only, no Node), from
// the built package bundled as an edge bundler does: sealing, fingerprints and the Lua fence work
// on Web Crypto alone. Edge code reaches Redis through a client of its own (an HTTP one, say);
// here the VM's command function forwards to a real redis-server through a host client.
import { EdgeVM } from '@edge-runtime/vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleAsInstalled } from '../../scripts/edge-bundle.mjs';
import { assertFreshBuild } from '../package/helpers.js';
import { CLIENTS, describeWithRedis, raw, startRedis, type TestClient, type TestRedis } from './redis-server.js';

describeWithRedis('gmo-aozora-auth/redis inside an edge runtime VM', () => {
  let redis: TestRedis;
  let host: TestClient;
  let vm: EdgeVM;

  beforeAll(async () => {
    assertFreshBuild();
    const bundle = await bundleAsInstalled("export * from 'gmo-aozora-auth/redis';", { format: 'iife', globalName: 'GanbRedis' });
    redis = await startRedis();
    host = await CLIENTS[0].connect(redis);
    vm = new EdgeVM();
    vm.evaluate(bundle.outputFiles[0]!.text);
    Object.assign(vm.context, { sendToRedis: (command: string[]) => raw(host.client, ...command) });
  }, 60_000);
  afterAll(async () => {
    await host?.close();
    await redis?.close();
  });

  it('seals, reads back, fences and consumes nonces with Web APIs only', async () => {
    const outcome = await vm.evaluate<Promise<unknown>>(`(async () => {
      const { nonce, tokens } = GanbRedis.createRedisStores((command) => sendToRedis(command), { encryptionKey: new Uint8Array(32).fill(3) });
      const record = { accessToken: 'edge-access', refreshToken: 'edge-refresh', tokenType: 'Bearer', expiresAt: 1800000000000 };
      await tokens.set('edge-session', record);
      const read = await tokens.get('edge-session');
      const fencedOut = await tokens.compareAndSet('edge-session', 'not-the-used-token', { ...record, accessToken: 'late' });
      const written = await tokens.compareAndSet('edge-session', 'edge-refresh', { ...record, accessToken: 'edge-access-2' });
      await nonce.save('edge-nonce');
      return { runtime: typeof EdgeRuntime, read, fencedOut, written, after: (await tokens.get('edge-session')).accessToken, once: [await nonce.check('edge-nonce'), await nonce.check('edge-nonce')] };
    })()`);
    expect(outcome).toEqual({
      runtime: 'string',
      read: { accessToken: 'edge-access', refreshToken: 'edge-refresh', tokenType: 'Bearer', expiresAt: 1800000000000 },
      fencedOut: false,
      written: true,
      after: 'edge-access-2',
      once: [true, false],
    });
    expect(String(await raw(host.client, 'GET', 'gmo-aozora-auth:tokens:edge-session'))).not.toContain('edge-access');
  });
});
