import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTokenClient, OAuthError } from 'gmo-aozora-auth';
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from './fixtures.js';

// A real HTTP server on 127.0.0.1: the client's default fetch, sockets and headers as in production.
const seen: { path: string; headers: IncomingMessage['headers']; body: URLSearchParams }[] = [];
const server = createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => (raw += chunk));
  request.on('end', () => {
    const body = new URLSearchParams(raw);
    seen.push({ path: request.url ?? '', headers: request.headers, body });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify(value));
    };
    if (body.get('grant_type') === 'refresh_token' && body.get('refresh_token') !== 'refresh-1') return json(400, { error: 'invalid_grant' });
    json(200, { access_token: `access-for-${body.get('grant_type')}`, token_type: 'Bearer', expires_in: '600', refresh_token: 'refresh-1' });
  });
});
let baseUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ganb/api/auth/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('exchanges a code and refreshes against a real loopback server', async () => {
  const auth = createTokenClient({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const tokens = await auth.exchangeCode({ code: 'code-1', redirectUri: REDIRECT_URI });
  expect(tokens).toEqual({ access_token: 'access-for-authorization_code', token_type: 'Bearer', expires_in: 600, refresh_token: 'refresh-1' });
  const renewed = await auth.refresh({ refreshToken: tokens.refresh_token! });
  expect(renewed.access_token).toBe('access-for-refresh_token');
  await expect(auth.refresh({ refreshToken: 'stale' })).rejects.toBeInstanceOf(OAuthError);

  expect(seen.map((s) => s.path)).toEqual(['/ganb/api/auth/v1/token', '/ganb/api/auth/v1/token', '/ganb/api/auth/v1/token']);
  expect(seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(seen[0]!.headers.authorization).toBe('Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW');
  expect(Object.fromEntries(seen[0]!.body)).toEqual({ grant_type: 'authorization_code', code: 'code-1', redirect_uri: REDIRECT_URI });
  // invalid_grant is final: the bank's SDKs retry it three times, we send it once.
  expect(seen).toHaveLength(3);
});
