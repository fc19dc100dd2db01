// TypeScript projects that use the packed package's types, in the module settings users have:
// node16 (a CommonJS and an ES module file), legacy node10 resolution, and bundler resolution.
// Each must type-check with skipLibCheck off (so our .d.ts/.d.cts files are checked too), and
// each `@ts-expect-error` must be needed, or tsc reports it.
// (Kept as strings, not files, so the repository's own `tsc --noEmit` does not compile them.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, sharedPackedInstall } from './helpers.js';

const FILES: Record<string, string> = {
  'consumer.cts': `
    // CommonJS: require() of ./compat is the class; its types are reachable by name.
    import GanbLib = require('gmo-aozora-auth/compat');
    import DefaultGanbLib from 'gmo-aozora-auth/compat'; // esModuleInterop
    import type { GanbLibOptions } from 'gmo-aozora-auth/compat';
    import { createTokenClient, OAuthError, type TokenSet } from 'gmo-aozora-auth';
    import { createMockBank } from 'gmo-aozora-auth/testing';
    import { startMockBankServer } from 'gmo-aozora-auth/testing/node';
    import { createRedisStores } from 'gmo-aozora-auth/redis';

    // The real node-redis and ioredis types are checked against createRedisStores in
    // test/redis (type-checking their declarations here, with skipLibCheck off, takes minutes).
    const fromFunction = createRedisStores(async (command: string[]) => command.length, { encryptionKey: [new Uint8Array(32)] });
    // @ts-expect-error a client needs sendCommand or call
    createRedisStores({ get: async () => null });

    const options: GanbLibOptions = { clientID: 'client', clientSecret: 'secret' };
    const ganb: GanbLib = new GanbLib(options);
    const sameClass: typeof GanbLib = DefaultGanbLib;
    const viaNamespace: GanbLib.GanbLibOptions = options;
    // @ts-expect-error require() returns the class itself, which has no GanbLib property
    void GanbLib.GanbLib;

    const client = createTokenClient({ environment: 'staging', clientId: 'client', clientSecret: 'secret' });
    const renewed: Promise<TokenSet> = client.refresh({ refreshToken: 'refresh' });
    const isExpired = (error: unknown): boolean => error instanceof OAuthError && error.error === 'invalid_grant';
    // @ts-expect-error clientSecret is required
    createTokenClient({ environment: 'staging', clientId: 'client' });

    export { ganb, sameClass, viaNamespace, renewed, isExpired, createMockBank, startMockBankServer, fromFunction };
  `,
  'consumer.mts': `
    // ESM: default and named imports of ./compat are the same class.
    import GanbLib, { GanbLib as NamedGanbLib, type GanbLibOptions } from 'gmo-aozora-auth/compat';
    import { createTokenClient, type TokenClient } from 'gmo-aozora-auth';
    import { createMockBank } from 'gmo-aozora-auth/testing';
    import { startMockBankServer } from 'gmo-aozora-auth/testing/node';
    import { createRedisStores, type RedisStores } from 'gmo-aozora-auth/redis';

    const stores: RedisStores = createRedisStores({ sendCommand: async (command: string[]) => command[0] ?? null });

    const options: GanbLibOptions = { clientID: 'client', clientSecret: 'secret' };
    const sameClass: typeof NamedGanbLib = GanbLib;
    const ganb = new GanbLib(options);
    const client: TokenClient = createTokenClient({ environment: 'production', clientId: 'client', clientSecret: 'secret' });
    // @ts-expect-error 'sandbox' is not one of the spec's environments
    createTokenClient({ environment: 'sandbox', clientId: 'client', clientSecret: 'secret' });

    export { sameClass, ganb, client, createMockBank, startMockBankServer, stores };
  `,
  'consumer-legacy.ts': `
    // Legacy resolution (node10) ignores exports: the subpaths resolve through typesVersions.
    import GanbLib = require('gmo-aozora-auth/compat');
    import { createTokenClient } from 'gmo-aozora-auth';
    import { createMockBank } from 'gmo-aozora-auth/testing';
    import { startMockBankServer } from 'gmo-aozora-auth/testing/node';
    import { createRedisStores } from 'gmo-aozora-auth/redis';

    const ganb: GanbLib = new GanbLib({ clientID: 'client', clientSecret: 'secret' });
    export { ganb, createTokenClient, createMockBank, startMockBankServer, createRedisStores };
  `,
  'consumer-bundler.ts': `
    // A bundled app's route handler (module esnext, moduleResolution bundler).
    import GanbLib from 'gmo-aozora-auth/compat';
    import { createTokenClient, type TokenSet } from 'gmo-aozora-auth';

    export async function GET(request: Request): Promise<Response> {
      const auth = createTokenClient({ environment: 'staging', clientId: 'client', clientSecret: 'secret' });
      const code = new URL(request.url).searchParams.get('code') ?? '';
      const tokens: TokenSet = await auth.exchangeCode({ code, redirectUri: 'https://bff.example.com/callback' });
      return Response.json({ expiresIn: tokens.expires_in, compat: typeof GanbLib });
    }
  `,
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'] },
  }),
  'tsconfig.node16.json': JSON.stringify({
    extends: './tsconfig.base.json',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true },
    files: ['consumer.cts', 'consumer.mts'],
  }),
  'tsconfig.node10.json': JSON.stringify({
    extends: './tsconfig.base.json',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
    files: ['consumer-legacy.ts'],
  }),
  'tsconfig.bundler.json': JSON.stringify({
    extends: './tsconfig.base.json',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
    files: ['consumer-bundler.ts'],
  }),
};

describe('the packed types, in TypeScript projects', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(sharedPackedInstall().dir, 'consumer-types-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(project, name), text);
    // A BFF on Node has @types/node.
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir');
  }, 60_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  // Three tsc runs side by side: each takes seconds.
  it.for(['node16', 'node10', 'bundler'])('type-checks with moduleResolution %s', { concurrent: true, timeout: 240_000 }, async (resolution, { expect }) => {
    const tsc = await new Promise<{ status: number; stdout: string; stderr: string }>((ok) => {
      execFile(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${resolution}.json`],
        { cwd: project, encoding: 'utf8' },
        (error, stdout, stderr) => ok({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    const errors = (tsc.stdout + tsc.stderr).split('\n').filter((line) => line.trim() !== '');
    // msw's own declarations do not type-check as CommonJS under node16 (TS1479 on its ESM-only
    // dependency `rettime`); that is msw's to fix and users' skipLibCheck hides it. Ours must be clean.
    const ours = errors.filter((line) => !/node_modules\/msw\//.test(line));
    expect(ours).toEqual([]);
    if (ours.length === 0 && errors.length === 0) expect(tsc.status).toBe(0);
  });
});
