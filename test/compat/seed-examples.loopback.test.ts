import { afterAll, beforeAll } from 'vitest';
import { createFakeBank, startLoopbackBank } from './helpers.js';
import { describeSeedExamples } from './seed-harness.js';

// The seed's examples against a real HTTP server on 127.0.0.1: the client's default fetch,
// real sockets and headers. The base URL is the one option the harness adds.
const bank = createFakeBank();
let loopback: Awaited<ReturnType<typeof startLoopbackBank>>;
beforeAll(async () => {
  loopback = await startLoopbackBank(bank);
});
afterAll(() => loopback.close());

describeSeedExamples('the seed examples against a loopback server', () => ({
  bank,
  extra: { baseUrl: loopback.baseUrl },
  tokenUrl: () => 'http://127.0.0.1/ganb/api/auth/v1/token',
}));
