import { expect } from 'vitest';

/** What runTokenFlow (fixtures/token-flow.js) must report in every runtime. */
export function expectCompleteFlow(summary: unknown): void {
  expect(summary).toEqual({
    authorizationUrl: expect.stringMatching(/\/authorization$/),
    nonceSent: true,
    exchanged: { access_token: expect.stringMatching(/^access-/), expires_in: 3600, nonceVerified: true, sub: 'user-1' },
    renewed: { access_token: expect.stringMatching(/^access-/), expires_in: 3600, idTokenClaims: null },
    refused: { isOAuthError: true, isGanbAuthError: true, error: 'invalid_grant', status: 400 },
    grants: ['authorization_code', 'refresh_token', 'refresh_token'],
    contentTypes: Array(3).fill(expect.stringMatching(/^application\/x-www-form-urlencoded/)),
  });
}
