import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Loopback servers and fault tests wait on real sockets; keep a generous ceiling, not a
    // timing assertion.
    testTimeout: 20_000,
  },
});
