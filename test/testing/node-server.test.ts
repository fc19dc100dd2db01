import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenClient, TimeoutError } from 'gmo-aozora-auth';
import { approveAuthorization, createMockBank, MOCK_POST_CLIENT, type MockBank } from 'gmo-aozora-auth/testing';
import { startMockBankServer, type MockBankServer } from 'gmo-aozora-auth/testing/node';
import { FULL_SCOPE } from './helpers.js';

// The redirect URI below is a loopback one on a port of its own (RFC 8252 §7.3).
const bank = createMockBank({ loopbackRedirectAnyPort: true });
// Records each request's signal, to see that a client disconnect reaches the handler.
const signals: AbortSignal[] = [];
const recording: MockBank = Object.assign(Object.create(bank) as MockBank, {
  handle: (request: Request) => {
    signals.push(request.signal);
    return bank.handle(request);
  },
});
let server: MockBankServer;
beforeAll(async () => {
  server = await startMockBankServer({ bank: recording });
});
afterAll(() => server.close());

const redirectUri = 'http://127.0.0.1:43210/callback';

describe('startMockBankServer', () => {
  it.each(['/ganb/api/auht/v1/token', '/ganb/api/auth/v2/token', '/token', '/ganb/api/auth/v1/extra/token', '/x/ganb/api/auth/v1/authorization'])(
    'answers a mistyped API path (%s) 404, as the bank would, without handing it to the bank',
    async (path) => {
      const before = bank.requests.length;
      const response = await fetch(`${server.origin}${path}`, {
        method: path.endsWith('/token') ? 'POST' : 'GET',
        body: path.endsWith('/token') ? 'grant_type=refresh_token&refresh_token=r' : null,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(404);
      await response.text();
      expect(bank.requests.length).toBe(before);
    },
  );

  it('listens on 127.0.0.1 on a free port, under the production base path', () => {
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ganb\/api\/auth\/v1$/);
    expect(server.origin).toBe(new URL(server.baseUrl).origin);
    expect(server.bank).toBe(recording);
  });

  it('serves the whole flow to the public client over real sockets, with the origin as issuer', async () => {
    const auth = createTokenClient({
      baseUrl: server.baseUrl,
      clientId: MOCK_POST_CLIENT.clientId,
      clientSecret: MOCK_POST_CLIENT.clientSecret,
      authMethod: 'client_secret_post',
    });
    const { url, state } = await auth.authorizationUrl({ redirectUri, scope: FULL_SCOPE });
    const { code } = auth.parseCallback(await approveAuthorization(url), { expectedState: state });
    const { tokens, idTokenClaims } = await auth.exchangeCode({ code, redirectUri });
    expect(idTokenClaims?.iss).toBe(server.origin);
    const renewed = await auth.refresh({ refreshToken: tokens.refresh_token!, originalIdTokenClaims: idTokenClaims });
    expect(renewed.tokens.refresh_token).not.toBe(tokens.refresh_token);
    const exchange = bank.requests.find((r) => r.form?.grant_type === 'authorization_code');
    expect(exchange?.form).toMatchObject({ client_id: MOCK_POST_CLIENT.clientId, code });
    expect(exchange?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('streams a chunked request body to the handler', async () => {
    const httpResponse = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.baseUrl}/token`,
        { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          let body = '';
          res
            .setEncoding('utf8')
            .on('data', (chunk: string) => (body += chunk))
            .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.write('grant_type=refresh_to');
      req.end('ken&refresh_token=abc');
    });
    expect(httpResponse.status).toBe(401);
    expect(bank.requests.at(-1)?.form).toEqual({ grant_type: 'refresh_token', refresh_token: 'abc' });
  });

  it('aborts the handler’s request when the client goes away', async () => {
    bank.inject({ type: 'delay', ms: 3_600_000 });
    const auth = createTokenClient({ baseUrl: server.baseUrl, clientId: 'x', clientSecret: 'y', timeoutMs: 50 });
    await expect(auth.refresh({ refreshToken: 'r' })).rejects.toBeInstanceOf(TimeoutError);
    await vi.waitFor(() => expect(signals.at(-1)?.aborted).toBe(true));
  });

  it('closes with keep-alive connections still open, and then refuses connections', async () => {
    const own = await startMockBankServer({ basePath: 'auth/v1' });
    expect(own.baseUrl).toBe(`${own.origin}/auth/v1`);
    const first = await fetch(`${own.baseUrl}/token`, { method: 'POST', headers: { connection: 'keep-alive' } });
    expect(first.status).toBe(400);
    await own.close();
    await expect(fetch(`${own.baseUrl}/token`, { method: 'POST' })).rejects.toThrow();
  });

  it('reports a port already in use', async () => {
    const port = Number(new URL(server.origin).port);
    await expect(startMockBankServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
