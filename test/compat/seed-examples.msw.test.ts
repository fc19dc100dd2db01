import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createFakeBank, STAGING } from './helpers.js';
import { describeSeedExamples } from './seed-harness.js';

// The seed's examples with no option added at all: GanbLib's default environment is staging,
// as in the old SDK's docs, and msw answers for the bank at the staging URL.
const bank = createFakeBank();
const server = setupServer(http.post(`${STAGING}/token`, ({ request }) => bank.handle(request)));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describeSeedExamples('the seed examples at the default (staging) URL, answered by msw', () => ({
  bank,
  extra: {},
  tokenUrl: () => `${STAGING}/token`,
}));
