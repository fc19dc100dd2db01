// The packaging checks `npm test` runs before vitest pass on the build, and each one can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haveRedisServer } from '../../scripts/redis-server.mjs';
import { assertFreshBuild, root } from './helpers.js';

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('check:runtime (scripts/check-runtime-imports.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    assertFreshBuild();
    dir = mkdtempSync(join(tmpdir(), 'check-runtime-'));
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('passes on the built ., ./compat, ./redis and ./testing entries, ESM and CJS', () => {
    const run = node(['scripts/check-runtime-imports.mjs']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const file of [
      'dist/index.js',
      'dist/index.cjs',
      'dist/compat/index.js',
      'dist/compat/index.cjs',
      'dist/redis/index.js',
      'dist/redis/index.cjs',
      'dist/testing/index.js',
      'dist/testing/index.cjs',
    ])
      expect(run.stdout).toContain(`${file}: no Node builtins`);
  });

  it('fails on a node: import, a bare builtin and a require() of one, also through a relative import', () => {
    writeFileSync(join(dir, 'entry.mjs'), "export { digest } from './helper.mjs';\n");
    writeFileSync(
      join(dir, 'helper.mjs'),
      "import { createHash } from 'node:crypto';\nimport { Buffer } from 'buffer';\nexport const digest = (s) => createHash('sha256').update(Buffer.from(s)).digest();\n",
    );
    writeFileSync(join(dir, 'entry.cjs'), "module.exports = require('util').inspect;\n");
    const run = node(['scripts/check-runtime-imports.mjs', join(dir, 'entry.mjs'), join(dir, 'entry.cjs')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/helper\.mjs → node:crypto/);
    expect(run.stderr).toMatch(/helper\.mjs → buffer/);
    expect(run.stderr).toMatch(/entry\.cjs → util/);
  });
});

describe('size (scripts/size.mjs)', () => {
  it('reports the gzipped size of createTokenClient within the budget', () => {
    assertFreshBuild();
    const run = node(['scripts/size.mjs']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/gzip \d+ B/);
    expect(run.stdout).toMatch(/jose\s+\d+ B minified/);
    expect(run.stdout).toMatch(/openapi-fetch\s+\d+ B minified/);
  });

  it('fails over the budget', () => {
    const run = node(['scripts/size.mjs', '--budget=1000']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/over the budget of 1000 B/);
  });
});

describe('bench (scripts/bench.mjs)', () => {
  it('runs every case side by side in its quick mode and reports each contender', () => {
    assertFreshBuild();
    // The quick mode: a few rounds, to check that the benchmark runs and reports, never how fast.
    const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--quick', '--json'], { cwd: root, encoding: 'utf8', timeout: 90_000 });
    expect(run.status, run.stderr).toBe(0);
    type Row = { name: string; medianMs?: number; gzipBytes?: number; ratioToFloor?: { min: number; max: number } };
    const report = JSON.parse(run.stdout) as { machine: { node: string; cores: number }; quick: boolean; cases: Record<string, { rows: Row[] }> };
    expect(report.machine.node).toBe(process.version);
    expect(report.quick).toBe(true);
    expect(Object.keys(report.cases)).toEqual(['per-call', 'burst', 'import', 'size', 'token-manager', 'redis-instances']);
    // What the token manager promises holds in every burst (its timings, as all, are not asserted).
    expect(report.cases['token-manager']).toMatchObject({
      callers: 200,
      manager: { refreshRequestsPerBurst: [1], sameTokenForAllCallers: true, grantStillActive: true },
      withoutManager: { requests: 200, winnerStillAccepted: false },
    });
    // Across 4 processes on one Redis, too (the case skips itself without redis-server).
    expect(report.cases['redis-instances']).toMatchObject(
      haveRedisServer()
        ? { instances: 4, callersPerInstance: 50, refreshRequestsPerRound: [1], distinctTokensPerRound: [1], failedCallers: 0, grantStillActive: true }
        : { skipped: 'no redis-server' },
    );
    const names = (c: string) => report.cases[c]!.rows.map((r) => r.name);
    expect(names('per-call')).toEqual(
      expect.arrayContaining([
        'fetch',
        'fetch + jwtVerify',
        'gmo exchangeCode',
        'gmo refresh',
        'gmo exchangeCode + id_token',
        'gmo refresh + id_token',
        'oauth4webapi code',
        'openid-client code',
      ]),
    );
    expect(names('burst')).toEqual(expect.arrayContaining(['fetch', 'gmo exchangeCode', 'oauth4webapi code']));
    expect(names('import')).toEqual(expect.arrayContaining(["import('gmo-aozora-auth')", "require('gmo-aozora-auth')", "import('oauth4webapi')"]));
    expect(names('size')).toEqual(expect.arrayContaining(['gmo-aozora-auth createTokenClient', 'floor: openapi-fetch + jose jwtVerify']));
    for (const c of ['per-call', 'burst', 'import']) for (const row of report.cases[c]!.rows) expect(row.medianMs).toBeGreaterThan(0);
    for (const row of report.cases.size!.rows) expect(row.gzipBytes).toBeGreaterThan(1000);
    // Every row is compared with a floor measured in the same run; the floor with itself is 1.
    expect(report.cases['per-call']!.rows.find((r) => r.name === 'fetch')!.ratioToFloor).toEqual({ min: 1, max: 1 });
  }, 120_000);

  it('refuses a case it does not have', () => {
    const run = node(['scripts/bench.mjs', '--quick', '--only=nope']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no case named nope/);
  });
});
