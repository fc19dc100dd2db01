import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { schemaEnums, schemaLimits, servers } from '../src/generated/spec-values.js';

const root = resolve(import.meta.dirname, '..');

describe('spec pipeline', () => {
  it('takes runtime limits, error codes and servers from the spec', () => {
    expect(schemaLimits.AuthorizationCode.maxLength).toBe(128);
    expect(schemaLimits.RedirectUri.maxLength).toBe(256);
    expect(schemaLimits.RefreshToken.maxLength).toBe(128);
    expect(schemaEnums.OAuthErrorCode).toContain('invalid_grant');
    expect(servers.map((s) => s.environment)).toEqual(['production', 'staging', 'sunabar']);
  });

  it('fails the drift check when the spec changes without regenerating', () => {
    // Work on a copy so the real tree is never touched.
    const dir = mkdtempSync(join(tmpdir(), 'drift-'));
    try {
      cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
      cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
      cpSync(join(root, 'src/generated'), join(dir, 'src/generated'), { recursive: true });
      copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));

      const clean = spawnSync('node', ['scripts/generate.mjs', '--check'], { cwd: dir, encoding: 'utf8' });
      expect(clean.status).toBe(0);

      const spec = join(dir, 'openapi/auth-v1.yaml');
      writeFileSync(
        spec,
        readFileSync(spec, 'utf8').replace(
          'maxLength: 128\n      description: |\n        Single-use code',
          'maxLength: 64\n      description: |\n        Single-use code',
        ),
      );
      const stale = spawnSync('node', ['scripts/generate.mjs', '--check'], { cwd: dir, encoding: 'utf8' });
      expect(stale.status).toBe(1);
      expect(stale.stderr).toContain('do not match openapi/auth-v1.yaml');
      expect(stale.stderr).toMatch(/^\+\s+"maxLength": 64/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates deterministically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-'));
    try {
      cpSync(join(root, 'openapi'), join(dir, 'openapi'), { recursive: true });
      cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      execFileSync('node', ['scripts/generate.mjs'], { cwd: dir });
      const first = readFileSync(join(dir, 'src/generated/auth-api.ts'), 'utf8');
      execFileSync('node', ['scripts/generate.mjs'], { cwd: dir });
      expect(readFileSync(join(dir, 'src/generated/auth-api.ts'), 'utf8')).toBe(first);
      expect(first).toBe(readFileSync(join(root, 'src/generated/auth-api.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
