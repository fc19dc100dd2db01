import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and README examples import the package by its public name, as users do; these
    // point the names at the sources so the suite needs no build step.
    alias: [
      { find: /^gmo-aozora-auth\/compat$/, replacement: src('compat/index.ts') },
      { find: /^gmo-aozora-auth\/redis$/, replacement: src('redis/index.ts') },
      { find: /^gmo-aozora-auth\/testing\/msw$/, replacement: src('testing/msw/index.ts') },
      { find: /^gmo-aozora-auth\/testing\/node$/, replacement: src('testing/node/index.ts') },
      { find: /^gmo-aozora-auth\/testing$/, replacement: src('testing/index.ts') },
      { find: /^gmo-aozora-auth$/, replacement: src('index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Loopback servers and fault tests wait on real sockets; keep a generous ceiling, not a
    // timing assertion.
    testTimeout: 20_000,
  },
});
