/**
 * `gmo-aozora-auth/testing` — a faithful fake of GMO Aozora Net Bank's auth server for tests,
 * demos and local development, with msw handlers and consent helpers. No `node:` imports: it
 * loads in Node and browsers. The mock bank and consent helpers are Web APIs only and also run
 * in edge runtimes; msw's own module does not load there (it needs `localStorage`). The
 * loopback HTTP server lives in `gmo-aozora-auth/testing/node`.
 *
 * @packageDocumentation
 */
export { createMockBank, type MockBank, type MockBankOptions, type MockBankRequest, type MockTokenInfo } from './mock-bank.js';
export { MOCK_CLIENT, MOCK_POST_CLIENT, MOCK_SCOPES, type MockClient } from './clients.js';
export type { MockBankFault, IdTokenTamper } from './faults.js';
export { mockBankHandlers, type MockBankHandlersOptions } from './msw.js';
export { approveAuthorization, denyAuthorization, type ApproveAuthorizationOptions, type DenyAuthorizationOptions } from './consent.js';
/** Thrown by the consent helpers when the authorization endpoint does not redirect; one class with the `.` entry's. */
export { ConsentError } from '../index.js';
