#!/usr/bin/env node
// `npm run lint:package`: publint (strict) and @arethetypeswrong/cli on the tarball npm would
// publish, from the dist/ that is there. It packs once with --ignore-scripts: attw's own `--pack`
// runs `npm pack` with its lifecycle scripts, so `prepack` would rebuild dist/ right after
// `npm test` built it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

const out = mkdtempSync(join(tmpdir(), 'gmo-aozora-auth-lint-'));
try {
  run('npx', ['--no-install', 'publint', '--strict']);
  const packed = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: root, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(packed);
  run('npx', ['--no-install', 'attw', join(out, filename)]);
} catch (error) {
  // The tools have printed what is wrong; exit with their status and no stack trace.
  process.exitCode = error.status ?? 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
