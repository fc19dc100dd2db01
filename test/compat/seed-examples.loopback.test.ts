import { afterAll, beforeAll } from 'vitest';
import type { TokenEndpointServer } from '../support/token-endpoint.js';
import { createFakeBank } from './helpers.js';
import { describeSeedExamples } from './seed-harness.js';

// The seed's examples against a real HTTP server on 127.0.0.1: the client's default fetch,
// real sockets and headers. The base URL is the one option the harness adds.
const bank = createFakeBank();
let loopback: TokenEndpointServer;
beforeAll(async () => {
  loopback = await bank.listen();
});
afterAll(() => loopback.close());

describeSeedExamples('the seed examples against a loopback server', () => ({
  bank,
  extra: { baseUrl: loopback.baseUrl },
  tokenUrl: () => `${loopback.baseUrl}/token`,
}));
