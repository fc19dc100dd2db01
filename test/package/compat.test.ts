// `gmo-aozora-auth/compat` as users of the old SDK load it: `require()` returns the GanbLib
// class itself, `import GanbLib from` and `import { GanbLib } from` give the same class, and
// the errors it throws are the ones `gmo-aozora-auth` exports (one copy of the client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packedInstall, type PackedInstall } from './helpers.js';

/** A GanbLib whose bank refuses every refresh with invalid_grant, and what came of one refresh. */
const probe = (GanbLib: string, lib: string) => `
  const refuse = async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400, headers: { 'Content-Type': 'application/json' } });
  const ganb = new ${GanbLib}({ clientID: 'compat-client', clientSecret: 'compat-secret-0123456789', baseUrl: 'https://bank.example/auth/v1', fetch: refuse, retry: false });
  const error = await ganb.refreshTokens('refresh-1').then(() => null, (e) => e);
  return {
    isClass: typeof ${GanbLib} === 'function' && /^class\\b/.test(Function.prototype.toString.call(${GanbLib})),
    name: ${GanbLib}.name,
    instance: ganb instanceof ${GanbLib},
    oAuth: typeof ganb.oAuth, openID: typeof ganb.openID,
    refused: error && error.error,
    sameOAuthError: error instanceof ${lib}.OAuthError,
  };
`;

describe('gmo-aozora-auth/compat, from the packed package', () => {
  let install: PackedInstall;
  beforeAll(() => {
    install = packedInstall();
    writeFileSync(
      join(install.dir, 'compat-require.cjs'),
      `const GanbLib = require('gmo-aozora-auth/compat');
       const lib = require('gmo-aozora-auth');
       (async () => {${probe('GanbLib', 'lib')}})().then((r) => process.stdout.write(JSON.stringify({ ...r, keys: Object.keys(GanbLib) })));`,
    );
    writeFileSync(
      join(install.dir, 'compat-import.mjs'),
      `import GanbLib, { GanbLib as Named } from 'gmo-aozora-auth/compat';
       import * as lib from 'gmo-aozora-auth';
       const r = await (async () => {${probe('GanbLib', 'lib')}})();
       process.stdout.write(JSON.stringify({ ...r, defaultIsNamed: GanbLib === Named }));`,
    );
  }, 60_000);
  afterAll(() => install?.cleanup());

  const run = (file: string) => {
    const child = spawnSync(process.execPath, [file], { cwd: install.dir, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    return JSON.parse(child.stdout) as Record<string, unknown>;
  };
  const working = { isClass: true, name: 'GanbLib', instance: true, oAuth: 'object', openID: 'object', refused: 'invalid_grant', sameOAuthError: true };

  it('require() returns the class itself', () => {
    expect(run('compat-require.cjs')).toEqual({ ...working, keys: [] });
  });

  it('import GanbLib from (default) and import { GanbLib } give the same class', () => {
    expect(run('compat-import.mjs')).toEqual({ ...working, defaultIsNamed: true });
  });
});
