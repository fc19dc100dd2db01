// The packaging checks `npm test` runs before vitest pass on the build, and each one can fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertFreshBuild, root } from './helpers.js';

const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });

describe('check:runtime (scripts/check-runtime-imports.mjs)', () => {
  let dir: string;
  beforeAll(() => {
    assertFreshBuild();
    dir = mkdtempSync(join(tmpdir(), 'check-runtime-'));
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('passes on the built ., ./compat and ./redis entries, ESM and CJS', () => {
    const run = node(['scripts/check-runtime-imports.mjs']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/compat.js', 'dist/compat.cjs', 'dist/redis/index.js', 'dist/redis/index.cjs'])
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
  it('times exchangeCode, refresh and plain fetch against its loopback server, and the import cost', () => {
    assertFreshBuild();
    // A few rounds only: this checks that the benchmark runs and reports, never how fast.
    const run = node(['scripts/bench.mjs', '--rounds=20', '--warmup=5', '--imports=1', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      machine: { node: string; cpus: number };
      calls: Record<string, { medianMs: number; ratioToPlainFetch: number }>;
      imports: Record<string, { medianMs: number }>;
    };
    expect(report.machine.node).toBe(process.version);
    expect(Object.keys(report.calls)).toEqual(['plain fetch', 'exchangeCode', 'refresh']);
    for (const call of Object.values(report.calls)) expect(call.medianMs).toBeGreaterThan(0);
    expect(report.calls['plain fetch']!.ratioToPlainFetch).toBe(1);
    expect(Object.keys(report.imports)).toEqual(expect.arrayContaining(["import('gmo-aozora-auth')", "require('gmo-aozora-auth')"]));
  }, 60_000);
});
