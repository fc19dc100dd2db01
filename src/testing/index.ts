/**
 * `gmo-aozora-auth/testing` — a faithful fake of GMO Aozora Net Bank's auth server for tests,
 * demos and local development, with consent helpers. Web APIs only, and no msw: it loads in
 * Node, browsers and edge runtimes whether or not msw is installed. Serve the mock bank through
 * msw with `gmo-aozora-auth/testing/msw`, or on a loopback port with `gmo-aozora-auth/testing/node`.
 *
 * @packageDocumentation
 */
export { createMockBank, type MockBank, type MockBankOptions, type MockBankRequest, type MockTokenInfo } from './mock-bank.js';
export { MOCK_CLIENT, MOCK_POST_CLIENT, MOCK_SCOPES, type MockClient } from './clients.js';
export type { MockBankFault, IdTokenTamper } from './faults.js';
export { approveAuthorization, denyAuthorization, type ApproveAuthorizationOptions, type DenyAuthorizationOptions } from './consent.js';
/** Thrown by the consent helpers when the authorization endpoint does not redirect; one class with the `.` entry's. */
export { ConsentError } from '../index.js';
