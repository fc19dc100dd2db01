// @ts-check
import base from './stryker.config.mjs';

/**
 * The short mutation run (`npm run mutation:critical`, see CONTRIBUTING.md) for changes to the
 * code where a surviving mutant would be a security hole or a lost authorization code: the
 * id_token and nonce checks, the state and constant-time comparison, client authentication, the
 * redaction patterns, and the retry/connection decision. Every mutant there is killed or
 * marked equivalent where it lives, so the bar is 100 %.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  mutate: [
    'src/auth/id-token.ts',
    'src/auth/openid.ts',
    'src/auth/id-token-verifier.ts',
    'src/auth/state.ts',
    'src/shared/constant-time.ts',
    'src/auth/credentials.ts',
    'src/auth/redact.ts',
    'src/auth/retry.ts',
    'src/auth/transport.ts',
  ],
  // A clean clone has no earlier result to reuse; keep the full run's cache out of it.
  incremental: false,
  htmlReporter: { fileName: 'reports/mutation-critical/index.html' },
  reporters: ['html', 'clear-text', 'progress'],
  thresholds: { high: 100, low: 100, break: 100 },
};
