// The mock bank and consent helpers use Web APIs only: load them inside @edge-runtime/vm (no
// require, no process, no Buffer, no localStorage) and run a login against the mock bank.
// msw itself is left out: its module needs localStorage at import time, so the msw handlers
// (and with them the whole `gmo-aozora-auth/testing` entry) load in Node and browsers only.
import { fileURLToPath } from 'node:url';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { EDGE_BUILD_OPTIONS } from '../../scripts/edge-bundle.mjs';

const src = (path: string) => JSON.stringify(fileURLToPath(new URL(`../../src/${path}`, import.meta.url)));

let vm: EdgeVM;
beforeAll(async () => {
  const result = await build({
    ...EDGE_BUILD_OPTIONS,
    format: 'iife',
    globalName: 'Lib',
    stdin: {
      contents: [
        `export * from ${src('testing/mock-bank.ts')};`,
        `export * from ${src('testing/consent.ts')};`,
        `export * from ${src('testing/clients.ts')};`,
        `export { createTokenClient } from ${src('index.ts')};`,
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'ts',
    },
  });
  vm = new EdgeVM();
  vm.evaluate(result.outputFiles![0]!.text);
}, 60_000);

it('is a runtime without Node', () => {
  expect(vm.evaluate('[typeof require, typeof process, typeof Buffer]')).toEqual(['undefined', 'undefined', 'undefined']);
});

it('runs a login, a refresh and a refused replay against the mock bank', async () => {
  const summary = await vm.evaluate<Promise<unknown>>(`(async () => {
    const bank = Lib.createMockBank();
    const auth = Lib.createTokenClient({
      environment: 'staging', clientId: Lib.MOCK_CLIENT.clientId, clientSecret: Lib.MOCK_CLIENT.clientSecret,
      fetch: (input, init) => bank.handle(new Request(input, init)),
    });
    const { url, state } = await auth.authorizationUrl({ redirectUri: 'http://127.0.0.1/callback', scope: 'openid offline_access' });
    const { code } = auth.parseCallback(await Lib.approveAuthorization(url, { bank }), { expectedState: state });
    const { tokens, idTokenClaims } = await auth.exchangeCode({ code, redirectUri: 'http://127.0.0.1/callback' });
    const renewed = await auth.refresh({ refreshToken: tokens.refresh_token, originalIdTokenClaims: idTokenClaims });
    const replay = await auth.refresh({ refreshToken: tokens.refresh_token }).catch((error) => error.error);
    return { sub: idTokenClaims.sub, rotated: renewed.tokens.refresh_token !== tokens.refresh_token, replay};
  })()`);
  expect(summary).toEqual({ sub: 'mock-user-0001', rotated: true, replay: 'invalid_grant' });
});
