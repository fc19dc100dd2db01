import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveAuthorization, createMockBank, MOCK_CLIENT, MOCK_POST_CLIENT } from 'gmo-aozora-auth/testing';
import { startMockBankServer, type MockBankServer } from 'gmo-aozora-auth/testing/node';
import { runCli, startCli } from './run-cli.js';

let server: MockBankServer;
beforeAll(async () => {
  // REDIRECT_URI below is a loopback one on a port of its own, as `gmo-aozora-auth mock-bank` allows.
  server = await startMockBankServer({ bank: createMockBank({ loopbackRedirectAnyPort: true }) });
});
afterEach(() => server.bank.reset());
afterAll(() => server.close());

const COMMANDS = ['login', 'authorize-url', 'exchange', 'refresh', 'mock-bank', 'demo'];
const REDIRECT_URI = 'http://127.0.0.1:8765/callback';
const credentials = (client = MOCK_CLIENT) => ({
  GANB_BASE_URL: server.baseUrl,
  GANB_CLIENT_ID: client.clientId,
  GANB_CLIENT_SECRET: client.clientSecret,
  GANB_AUTH_METHOD: client.authMethod === 'client_secret_post' ? 'post' : 'basic',
});

// Random values are passed as --flag=VALUE: a base64url value can start with "-", which
// node:util parseArgs would otherwise refuse as an ambiguous option argument.

/** A refresh token the mock bank issued, obtained through the CLI's own authorize-url and exchange. */
async function refreshTokenFromCli(): Promise<string> {
  const built = await runCli(['authorize-url', '--redirect-uri', REDIRECT_URI, '--json'], credentials());
  const { url, state, nonce } = JSON.parse(built.stdout) as { url: string; state: string; nonce: string };
  const callback = await approveAuthorization(url);
  const exchanged = await runCli(
    ['exchange', `--callback-url=${callback}`, `--state=${state}`, `--nonce=${nonce}`, '--redirect-uri', REDIRECT_URI, '--json', '--show-tokens'],
    credentials(),
  );
  expect(exchanged.code).toBe(0);
  const printed = JSON.parse(exchanged.stdout) as { refresh_token: string; idTokenClaims?: { nonce?: string } };
  // --json stays one flat object, jq-friendly: the answer's fields, and the verified claims beside them.
  expect(printed.idTokenClaims?.nonce).toBe(nonce);
  return printed.refresh_token;
}

describe('help', () => {
  it('lists every command and the exit codes on --help, exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const name of COMMANDS) expect(result.stdout).toContain(`  ${name} `);
    expect(result.stdout).toContain('Exit codes:');
  });

  it('prints the help on stderr and exits 2 without a command', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: gmo-aozora-auth <command>');
  });

  it.each(COMMANDS)('%s --help shows its usage and exits 0', async (name) => {
    const result = await runCli([name, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: gmo-aozora-auth ${name}`);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    ['an unknown command', ['fly'], 'unknown command "fly"'],
    ['an unknown flag', ['refresh', '--bogus'], "Unknown option '--bogus'"],
    ['no client id', ['refresh', '--refresh-token', 'x'], 'a client id is required'],
    ['no bank chosen', ['authorize-url', '--redirect-uri', REDIRECT_URI, '--client-id', 'c'], 'choose the bank'],
    ['an unknown environment', ['authorize-url', '--redirect-uri', REDIRECT_URI, '--client-id', 'c', '--environment', 'moon'], 'environment must be one of'],
    [
      'a bad auth method',
      ['refresh', '--refresh-token', 'x', '--client-id', 'c', '--client-secret', 's', '--environment', 'staging', '--auth-method', 'jwt'],
      '--auth-method must be basic or post',
    ],
    ['exchange without a code', ['exchange', '--redirect-uri', REDIRECT_URI], '--callback-url (with --state) or --code is required'],
  ])('for %s', async (_, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('does not echo a stray argument, which may be a pasted token', async () => {
    const result = await runCli(['refresh', 'pasted-refresh-token-value']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('pasted-refresh-token-value');
  });

  it('warns that --client-secret is visible in the process list', async () => {
    const result = await runCli([
      'authorize-url',
      '--redirect-uri',
      REDIRECT_URI,
      '--client-id',
      'c',
      '--client-secret',
      's3cr3t-value',
      '--environment',
      'staging',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: --client-secret is visible');
    expect(result.stderr + result.stdout).not.toContain('s3cr3t-value');
  });
});

describe('authorize-url, exchange, refresh', () => {
  it('authorize-url prints url, state and nonce, and needs no secret', async () => {
    const result = await runCli([
      'authorize-url',
      '--redirect-uri',
      REDIRECT_URI,
      '--scope',
      'openid private:account',
      '--state',
      'my-state',
      '--environment',
      'staging',
      '--client-id',
      'c',
    ]);
    expect(result.code).toBe(0);
    const url = new URL(result.stdout.match(/^url\s+(\S+)$/m)![1]!);
    expect(url.origin + url.pathname).toBe('https://stg-api.gmo-aozora.com/ganb/api/auth/v1/authorization');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'c',
      redirect_uri: REDIRECT_URI,
      scope: 'openid private:account',
      state: 'my-state',
    });
    expect(result.stdout).toMatch(new RegExp(`^nonce\\s+${url.searchParams.get('nonce')}$`, 'm'));
  });

  it('exchange checks the callback state (exit 5 on mismatch)', async () => {
    const built = JSON.parse((await runCli(['authorize-url', '--redirect-uri', REDIRECT_URI, '--json'], credentials())).stdout) as { url: string };
    const callback = await approveAuthorization(built.url);
    const result = await runCli(['exchange', '--callback-url', callback, '--state', 'another-state', '--redirect-uri', REDIRECT_URI], credentials());
    expect(result.code).toBe(5);
  });

  it('takes a state that starts with "-" in the --state=VALUE form its own hint prints', async () => {
    const built = await runCli(['authorize-url', '--redirect-uri', REDIRECT_URI], credentials());
    expect(built.stderr).toMatch(/exchange .*--state=[\w-]{43} --nonce=[\w-]{43}/);
    const callback = await approveAuthorization(/^url\s+(\S+)/m.exec(built.stdout)![1]!);
    const result = await runCli(['exchange', `--callback-url=${callback}`, '--state=-not-the-state', '--redirect-uri', REDIRECT_URI], credentials());
    expect(result.code).toBe(5);
  });

  it('exchange refuses an openid answer without --nonce (exit 5) and says why', async () => {
    const built = JSON.parse((await runCli(['authorize-url', '--redirect-uri', REDIRECT_URI, '--json'], credentials())).stdout) as {
      url: string;
      state: string;
    };
    const callback = await approveAuthorization(built.url);
    const result = await runCli(['exchange', `--callback-url=${callback}`, `--state=${built.state}`, '--redirect-uri', REDIRECT_URI], credentials());
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('hint: the id_token carries a nonce');
  });

  it('exchange works with client_secret_post and --code', async () => {
    const built = JSON.parse(
      (await runCli(['authorize-url', '--redirect-uri', REDIRECT_URI, '--scope', 'private:account', '--json'], credentials(MOCK_POST_CLIENT))).stdout,
    ) as { url: string };
    const code = new URL(await approveAuthorization(built.url)).searchParams.get('code')!;
    const result = await runCli(['exchange', `--code=${code}`, '--redirect-uri', REDIRECT_URI], credentials(MOCK_POST_CLIENT));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}access_token\s+\S{4}…$/m);
    expect(server.bank.requests.at(-1)?.form).toMatchObject({ client_id: MOCK_POST_CLIENT.clientId });
  });

  it('--refresh-token on the command line warns as --client-secret does; "-" (stdin) does not', async () => {
    const refreshToken = await refreshTokenFromCli();
    const onCommandLine = await runCli(['refresh', `--refresh-token=${refreshToken}`], credentials());
    expect(onCommandLine.code).toBe(0);
    expect(onCommandLine.stderr).toMatch(/warning: --refresh-token is visible to other users in the process list .*prefer --refresh-token -/);
    expect(onCommandLine.stderr).not.toContain(refreshToken);
    const fromStdin = await runCli(['refresh', '--refresh-token', '-'], credentials(), `${refreshToken}\n`);
    expect(fromStdin.stderr).not.toContain('warning');
  });

  it('refresh reads the token from stdin with "-", prints the rotated tokens masked', async () => {
    const refreshToken = await refreshTokenFromCli();
    const result = await runCli(['refresh', '--refresh-token', '-'], credentials(), `${refreshToken}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}refresh_token\s+\S{4}…$/m);
    expect(result.stdout).not.toContain(refreshToken.slice(4));
    expect(server.bank.tokenInfo(refreshToken)?.active).toBe(false);
  });

  it('refresh of a used token is the bank refusing: exit 3 with invalid_grant', async () => {
    const refreshToken = await refreshTokenFromCli();
    expect((await runCli(['refresh', `--refresh-token=${refreshToken}`], credentials())).code).toBe(0);
    const replay = await runCli(['refresh', '--refresh-token', '-', '--json'], credentials(), `${refreshToken}\n`);
    expect(replay.code).toBe(3);
    expect(JSON.parse(replay.stderr)).toMatchObject({ error: { code: 'OAUTH_ERROR', error: 'invalid_grant', status: 400 } });
    expect(replay.stderr).not.toContain(refreshToken);
  });

  it('bad credentials are exit 4: wrong secret, unknown client, wrong auth method', async () => {
    for (const env of [
      { ...credentials(), GANB_CLIENT_SECRET: 'not-the-secret' },
      { ...credentials(), GANB_CLIENT_ID: 'unknown-client' },
      { ...credentials(), GANB_AUTH_METHOD: 'post' },
    ]) {
      const result = await runCli(['refresh', '--refresh-token', 'whatever'], env);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('invalid_client');
      expect(result.stderr).not.toContain('not-the-secret');
    }
  });

  it('a gateway failure is exit 6', async () => {
    server.bank.inject({ type: 'gateway-error', status: 502 });
    const result = await runCli(['refresh', '--refresh-token', 'whatever'], credentials());
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('HTTP 502');
  });
});

describe('mock-bank and demo', () => {
  it('mock-bank serves on a free port, prints its base URL and demo clients, and stops on SIGTERM with exit 0', async () => {
    const cli = startCli(['mock-bank', '--json']);
    const [line] = await cli.waitFor('stdout', /^\{.*\}$/m);
    const info = JSON.parse(line) as { baseUrl: string; issuer: string; clients: { clientId: string; clientSecret: string; authMethod: string }[] };
    expect(info.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ganb\/api\/auth\/v1$/);
    expect(info.clients).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clientId: MOCK_CLIENT.clientId, clientSecret: MOCK_CLIENT.clientSecret, authMethod: 'client_secret_basic' }),
      ]),
    );
    const response = await fetch(`${info.baseUrl}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=x',
    });
    expect(response.status).toBe(401);
    cli.child.kill('SIGTERM');
    expect((await cli.done).code).toBe(0);
  });

  it('demo runs the whole flow and exits 0, tokens masked', async () => {
    const result = await runCli(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    for (const step of [
      '1. Mock bank',
      '2. Authorization URL',
      '3. Consent',
      '4. Callback checked',
      '5. Code exchanged',
      '6. Refreshed',
      '7. Replays refused',
      'Done:',
    ]) {
      expect(result.stdout).toContain(step);
    }
    expect(result.stdout).toContain('refused with StateMismatchError');
    expect(result.stdout.match(/→ OAuthError invalid_grant \(HTTP 400\)/g)).toHaveLength(2);
    expect(result.stdout).toMatch(/^ {3}access_token\s+\S{4}…$/m);
    expect(result.stdout).toMatch(/callback\?code=\S{4}…&state=/);
  });
});
