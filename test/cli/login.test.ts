import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMockBank, MOCK_CLIENT } from 'gmo-aozora-auth/testing';
import { startMockBankServer, type MockBankServer } from 'gmo-aozora-auth/testing/node';
import { startCli, type CliProcess } from './run-cli.js';

let server: MockBankServer;
beforeAll(async () => {
  // The login listens on a free port, as `gmo-aozora-auth mock-bank` allows (RFC 8252 §7.3).
  server = await startMockBankServer({ bank: createMockBank({ loopbackRedirectAnyPort: true }) });
});
afterEach(() => server.bank.reset());
afterAll(() => server.close());

const credentials = () => ({ GANB_BASE_URL: server.baseUrl, GANB_CLIENT_ID: MOCK_CLIENT.clientId, GANB_CLIENT_SECRET: MOCK_CLIENT.clientSecret });

/** Reads the authorization URL the CLI printed and asks the bank, as the browser would; returns the bank's redirect. */
async function consentAtBank(cli: CliProcess): Promise<URL> {
  const [url] = await cli.waitFor('stderr', /http:\/\/127\.0\.0\.1:\d+\/ganb\/api\/auth\/v1\/authorization\?\S+/);
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!);
}

/** Follows the bank's redirect to the CLI's callback listener, as the browser would. */
async function returnToCli(callback: URL): Promise<Response> {
  const response = await fetch(callback);
  await response.text();
  return response;
}

describe('gmo-aozora-auth login, end to end against a loopback mock bank', () => {
  it('prints the URL, receives the redirect, checks state, exchanges the code and prints masked tokens', async () => {
    const cli = startCli(['login'], credentials());
    const callback = await consentAtBank(cli);
    expect(callback.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(callback.pathname).toBe('/callback');
    const page = await returnToCli(callback);
    expect(page.status).toBe(200);
    const result = await cli.done;
    expect(result.stderr).not.toContain('gmo-aozora-auth login:');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/access_token\s+\S{4}…\n/);
    expect(result.stdout).toMatch(/refresh_token\s+\S{4}…\n/);
    expect(result.stdout).toContain('id_token verified');
    expect(result.stdout).toContain(`aud    ${MOCK_CLIENT.clientId}`);
    // What went over the wire: the code from the redirect, with the listener's redirect URI.
    const exchange = server.bank.requests.find((r) => r.endpoint === 'token')!;
    expect(exchange.form).toMatchObject({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code'),
      redirect_uri: `${callback.origin}/callback`,
    });
    expect(result.stdout + result.stderr).not.toContain(callback.searchParams.get('code'));
    expect(result.stdout + result.stderr).not.toContain(MOCK_CLIENT.clientSecret);
  });

  it('prints real, full tokens as JSON with --json --show-tokens', async () => {
    const cli = startCli(['login', '--json', '--show-tokens', '--scope', 'private:account offline_access'], credentials());
    await returnToCli(await consentAtBank(cli));
    const result = await cli.done;
    expect(result.code).toBe(0);
    const tokens = JSON.parse(result.stdout) as { access_token: string; refresh_token: string; scope: string };
    expect(tokens.scope).toBe('private:account offline_access');
    expect(server.bank.tokenInfo(tokens.access_token)).toMatchObject({ kind: 'access', active: true });
    expect(server.bank.tokenInfo(tokens.refresh_token)).toMatchObject({ kind: 'refresh', active: true });
  });

  it('answers and ignores a redirect whose state is not its own, and waits for the right one', async () => {
    const cli = startCli(['login'], credentials());
    const callback = await consentAtBank(cli);
    // Any local process can reach the listener: a forged or stale redirect must not end the login.
    for (const state of ['forged-state', '']) {
      const forged = new URL(callback);
      forged.searchParams.set('state', state);
      forged.searchParams.set('code', 'forged-code');
      const page = await returnToCli(forged);
      expect(page.status).toBe(400);
    }
    const withoutState = new URL(callback);
    withoutState.searchParams.delete('state');
    expect((await returnToCli(withoutState)).status).toBe(400);
    expect(server.bank.requests.filter((r) => r.endpoint === 'token')).toEqual([]);

    expect((await returnToCli(callback)).status).toBe(200);
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(server.bank.requests.filter((r) => r.endpoint === 'token').map((r) => r.form?.code)).toEqual([callback.searchParams.get('code')]);
  });

  it('times out when only redirects with a wrong state arrive (exit 7), having sent nothing to /token', async () => {
    const cli = startCli(['login', '--timeout-sec', '2'], credentials());
    const callback = await consentAtBank(cli);
    callback.searchParams.set('state', 'forged-state');
    expect((await returnToCli(callback)).status).toBe(400);
    const result = await cli.done;
    expect(result.code).toBe(7);
    expect(server.bank.requests.filter((r) => r.endpoint === 'token')).toEqual([]);
  });

  it('reports a denied consent as the bank’s refusal (exit 3)', async () => {
    server.bank.inject({ type: 'deny-consent' });
    const cli = startCli(['login'], credentials());
    await returnToCli(await consentAtBank(cli));
    const result = await cli.done;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('access_denied');
  });

  it('reports a wrong client secret as exit 4 without printing the secret', async () => {
    const cli = startCli(['login'], { ...credentials(), GANB_CLIENT_SECRET: 'wrong-secret-value' });
    await returnToCli(await consentAtBank(cli));
    const result = await cli.done;
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('invalid_client');
    expect(result.stderr).not.toContain('wrong-secret-value');
  });

  it('ignores requests to other paths of the listener while waiting', async () => {
    const cli = startCli(['login'], credentials());
    const callback = await consentAtBank(cli);
    expect((await fetch(`${callback.origin}/favicon.ico`)).status).toBe(404);
    await returnToCli(callback);
    expect((await cli.done).code).toBe(0);
  });

  it('gives up after --timeout-sec with exit 7', async () => {
    const result = await startCli(['login', '--timeout-sec', '1'], credentials()).done;
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('no redirect arrived');
  });

  it('stops cleanly on Ctrl-C with exit 130', async () => {
    const cli = startCli(['login'], credentials());
    await cli.waitFor('stderr', /Waiting for the redirect/);
    cli.child.kill('SIGINT');
    expect((await cli.done).code).toBe(130);
  });
});
