// The token flow inside an edge runtime: @edge-runtime/vm (the runtime of Vercel's Edge
// Functions and Next.js middleware: Web APIs only, no `require`, no `process`, no eval), loading
// the built ESM package bundled the way an edge bundler does it.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EdgeVM } from '@edge-runtime/vm';
import { bundleAsInstalled } from '../../scripts/edge-bundle.mjs';
import { assertFreshBuild, root } from '../package/helpers.js';
import { expectCompleteFlow } from './expect-flow.js';

/** dist/ and its dependencies as one script defining `globalThis.GanbAuth`, bundled as an edge app would. */
async function bundleForEdge(): Promise<string> {
  assertFreshBuild();
  const result = await bundleAsInstalled("export * from 'gmo-aozora-auth';", { format: 'iife', globalName: 'GanbAuth' });
  return result.outputFiles[0]!.text;
}

describe('inside an edge runtime VM', () => {
  let vm: EdgeVM;

  beforeAll(async () => {
    const bundle = await bundleForEdge();
    vm = new EdgeVM();
    vm.evaluate(bundle);
    vm.evaluate(readFileSync(join(root, 'test/runtime/fixtures/token-flow.js'), 'utf8'));
  }, 60_000);

  it('is a runtime without Node', () => {
    expect(vm.evaluate('[typeof require, typeof process, typeof Buffer, typeof window, typeof EdgeRuntime]')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'string',
    ]);
    expect(() => vm.evaluate("new Function('return 1')()")).toThrow(/Code generation from strings disallowed/);
  });

  it('runs authorizationUrl → exchangeCode (id_token verified) → refresh → a refused refresh', async () => {
    const summary = await vm.evaluate<Promise<unknown>>(`(async () => {
      const bank = createTokenBank();
      return runTokenFlow(GanbAuth, { baseUrl: 'https://bank.example/auth/v1', bank, fetch: (input, init) => bank.handle(new Request(input, init)) });
    })()`);
    expectCompleteFlow(summary);
  });

  it('serves a callback route handler that exchanges the code', async () => {
    // An edge route handler as in docs/runtimes.md: GET /callback?code&state → exchange → JSON.
    vm.evaluate(`
      const bank = createTokenBank();
      const auth = GanbAuth.createTokenClient({
        baseUrl: 'https://bank.example/auth/v1', clientId: 'runtime-client', clientSecret: 'runtime-secret-0123456789',
        fetch: (input, init) => bank.handle(new Request(input, init)),
      });
      self.issueCode = () => bank.issueCode(undefined);
      addEventListener('fetch', (event) => event.respondWith((async () => {
        try {
          const { code } = auth.parseCallback(event.request.url, { expectedState: 'state-from-session' });
          const { tokens } = await auth.exchangeCode({ code, redirectUri: 'https://bff.example.com/callback' });
          return Response.json({ signedIn: true, expiresIn: tokens.expires_in });
        } catch (error) {
          return Response.json({ signedIn: false, code: error.code, message: error.message }, { status: error instanceof GanbAuth.OAuthError ? 400 : 500 });
        }
      })()));
    `);
    const code = vm.evaluate<string>('issueCode()');
    const ok = await vm.dispatchFetch(`https://bff.example.com/callback?code=${code}&state=state-from-session`);
    expect(await ok.json()).toEqual({ signedIn: true, expiresIn: 3600 });
    expect(ok.status).toBe(200);
    const replay = await vm.dispatchFetch(`https://bff.example.com/callback?code=${code}&state=state-from-session`);
    expect(await replay.json()).toEqual({ signedIn: false, code: 'OAUTH_ERROR', message: expect.stringContaining('invalid_grant') });
    expect(replay.status).toBe(400);
  });
});
