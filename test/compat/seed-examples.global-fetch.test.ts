import { afterAll, beforeAll, vi } from 'vitest';
import { createFakeBank, STAGING } from './helpers.js';
import { describeSeedExamples } from './seed-harness.js';

// The seed's examples with no option added at all: GanbLib's default environment is staging,
// as in the old SDK's docs, and the fake bank stands in for the global fetch, which GanbLib
// looks up on every call.
const bank = createFakeBank();
beforeAll(() => {
  vi.stubGlobal('fetch', bank.fetch);
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describeSeedExamples('the seed examples at the default (staging) URL, answered in place of the global fetch', () => ({
  bank,
  extra: {},
  tokenUrl: () => `${STAGING}/token`,
}));
