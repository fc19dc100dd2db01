// TypeScript projects that use the packed package's types, in the module settings users have —
// node16 (a CommonJS and an ES module file), bundler, and CommonJS (`module: commonjs`) — each
// checked by TypeScript 5.9 and by the newest TypeScript the registry serves (7.0, the native
// compiler: devDependency `typescript-next`). All strict with exactOptionalPropertyTypes, as a
// careful BFF is, and with skipLibCheck off, so our .d.ts/.d.cts files are checked too. Each
// `@ts-expect-error` must be needed, or tsc reports it.
// CommonJS resolution: TypeScript 5.9 uses node10 (which ignores `exports`, so the subpaths must
// resolve through `typesVersions`); TypeScript 7 removed node10, and a CommonJS project there
// uses `moduleResolution: bundler`.
// (Kept as strings, not files, so the repository's own `tsc --noEmit` does not compile them.)
import { afterAll, beforeAll, describe, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pkg, root, sharedPackedInstall } from './helpers.js';

const FILES: Record<string, string> = {
  'consumer.cts': `
    // CommonJS: require() of ./compat is the class; its types are reachable by name.
    import GanbLib = require('gmo-aozora-auth/compat');
    import DefaultGanbLib from 'gmo-aozora-auth/compat'; // esModuleInterop
    import type { GanbLibOptions } from 'gmo-aozora-auth/compat';
    import { createTokenClient, OAuthError, type TokenResult } from 'gmo-aozora-auth';
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
    const renewed: Promise<TokenResult> = client.refresh({ refreshToken: 'refresh' });
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
    // CommonJS. Under TypeScript 5.9 with node10 resolution, which ignores exports, the subpaths
    // resolve through typesVersions.
    import GanbLib = require('gmo-aozora-auth/compat');
    import { createTokenClient } from 'gmo-aozora-auth';
    import { createMockBank } from 'gmo-aozora-auth/testing';
    import { startMockBankServer } from 'gmo-aozora-auth/testing/node';
    import { createRedisStores } from 'gmo-aozora-auth/redis';

    const ganb: GanbLib = new GanbLib({ clientID: 'client', clientSecret: 'secret' });
    export { ganb, createTokenClient, createMockBank, startMockBankServer, createRedisStores };
  `,
  'consumer-bundler.ts': `
    // A bundled app's route handler (module esnext, moduleResolution bundler), written as a
    // strict BFF writes it: values from the environment, a store whose writes resolve to a value.
    import GanbLib from 'gmo-aozora-auth/compat';
    import { createTokenClient, type IdTokenClaims, type NonceHooks, type Scope, type TokenResult } from 'gmo-aozora-auth';
    import { createRedisStores } from 'gmo-aozora-auth/redis';

    declare const kv: { set(key: string, value: string): Promise<string | null>; getDel(key: string): Promise<string | null> };
    const nonce: NonceHooks = { save: (value) => kv.set(value, '1'), check: async (value) => (await kv.getDel(value)) === '1' };
    const scope: Scope[] = ['openid', 'private:account', 'offline_access'];
    const auth = createTokenClient({
      environment: 'staging',
      baseUrl: process.env.GANB_BASE_URL,
      clientId: 'client',
      clientSecret: 'secret',
      nonce,
      onEvent: process.env.DEBUG ? (event) => event.type : undefined,
    });
    const subject = (claims: IdTokenClaims): string => claims.sub;

    export async function GET(request: Request): Promise<Response> {
      const code = new URL(request.url).searchParams.get('code') ?? '';
      const { tokens, idTokenClaims }: TokenResult = await auth.exchangeCode({ code, redirectUri: 'https://bff.example.com/callback', signal: request.signal });
      return Response.json({ expiresIn: tokens.expires_in, compat: typeof GanbLib, scope, user: idTokenClaims && subject(idTokenClaims) });
    }
    export { createRedisStores };
  `,
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: false,
      target: 'ES2022',
      lib: ['ES2022', 'DOM'],
      types: ['node'],
    },
  }),
};

const COMPILERS = [
  { name: 'typescript', path: 'node_modules/typescript' },
  { name: 'typescript-next', path: 'node_modules/typescript-next' },
].map((compiler) => ({
  ...compiler,
  version: (JSON.parse(readFileSync(join(root, compiler.path, 'package.json'), 'utf8')) as { version: string }).version,
}));

/** The module settings, each a tsconfig per compiler (TypeScript 7 has no node10). */
function settings(major: number): Record<string, { compilerOptions: Record<string, unknown>; files: string[] }> {
  return {
    node16: { compilerOptions: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true }, files: ['consumer.cts', 'consumer.mts'] },
    bundler: { compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, files: ['consumer-bundler.ts'] },
    commonjs: {
      compilerOptions: { module: 'commonjs', moduleResolution: major >= 7 ? 'bundler' : 'node10', esModuleInterop: true },
      files: ['consumer-legacy.ts'],
    },
  };
}

// msw's own declarations do not type-check as CommonJS under node16 (TS1479 on its ESM-only
// dependency `rettime`): msw's to fix, and hidden by users' skipLibCheck. While ./testing carries
// the msw handlers those errors are set aside; once the handlers have their own entry
// (./testing/msw), every other entry must be clean with skipLibCheck off, and none is set aside.
const mswIsolated = './testing/msw' in pkg.exports;

const MATRIX = COMPILERS.flatMap((compiler) => Object.keys(settings(Number(compiler.version.split('.')[0]))).map((setting) => ({ compiler, setting })));

describe('the packed types, in TypeScript projects', () => {
  let project: string;
  beforeAll(() => {
    project = mkdtempSync(join(sharedPackedInstall().dir, 'consumer-types-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(project, name), text);
    for (const compiler of COMPILERS) {
      for (const [setting, config] of Object.entries(settings(Number(compiler.version.split('.')[0])))) {
        writeFileSync(join(project, `tsconfig.${compiler.name}.${setting}.json`), JSON.stringify({ extends: './tsconfig.base.json', ...config }));
      }
    }
    // A BFF on Node has @types/node.
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir');
  }, 60_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  // All runs side by side: each TypeScript 5.9 run takes seconds (the native 7.0 far less).
  it.for(MATRIX.map(({ compiler, setting }) => [`TypeScript ${compiler.version}, ${setting}`, compiler.name, setting] as const))(
    '%s: strict, exactOptionalPropertyTypes, skipLibCheck off',
    { concurrent: true, timeout: 240_000 },
    async ([, compilerName, setting], { expect }) => {
      const tsc = await new Promise<{ status: number; output: string }>((done) => {
        execFile(
          process.execPath,
          [join(root, 'node_modules', compilerName, 'bin/tsc'), '-p', `tsconfig.${compilerName}.${setting}.json`, '--pretty', 'false'],
          { cwd: project, encoding: 'utf8' },
          (error, stdout, stderr) => done({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
        );
      });
      const errors = tsc.output.split('\n').filter((line) => /error TS\d+/.test(line));
      const ours = mswIsolated ? errors : errors.filter((line) => !/node_modules\/msw\//.test(line));
      expect(ours, tsc.output).toEqual([]);
      if (errors.length === 0) expect(tsc.status, tsc.output).toBe(0);
    },
  );
});
