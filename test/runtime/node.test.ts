// The token flow under plain Node, from the packed tarball as users install it: once loaded with
// `import`, once with `require`, each in a fresh process, over a real loopback socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packedInstall, root, type PackedInstall } from '../package/helpers.js';
import { expectCompleteFlow } from './expect-flow.js';

const fixtures = join(root, 'test/runtime/fixtures');

describe('under Node, from the packed package', () => {
  let install: PackedInstall;

  beforeAll(() => {
    install = packedInstall();
    copyFileSync(join(fixtures, 'token-flow.js'), join(install.dir, 'token-flow.cjs'));
    for (const file of ['loopback.cjs', 'node-require.cjs', 'node-import.mjs']) copyFileSync(join(fixtures, file), join(install.dir, file));
  }, 60_000);
  afterAll(() => install?.cleanup());

  const run = (script: string) => {
    const child = spawnSync(process.execPath, [script], { cwd: install.dir, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    // Nothing on stderr: no warning either (e.g. Node's ExperimentalWarning for require() of ESM).
    expect(child.stderr).toBe('');
    return JSON.parse(child.stdout) as { loadedFrom: string; exports: string[]; summary: unknown };
  };

  it('runs the flow when loaded with require()', () => {
    const result = run('node-require.cjs');
    expect(realpathSync(result.loadedFrom)).toBe(realpathSync(join(install.dir, 'node_modules/gmo-aozora-auth/dist/index.cjs')));
    expectCompleteFlow(result.summary);
  });

  it('runs the flow when loaded with import', () => {
    const result = run('node-import.mjs');
    expect(realpathSync(fileURLToPath(result.loadedFrom))).toBe(realpathSync(join(install.dir, 'node_modules/gmo-aozora-auth/dist/index.js')));
    expectCompleteFlow(result.summary);
  });

  it('exports the same names to require() and import', () => {
    expect(run('node-require.cjs').exports).toEqual(run('node-import.mjs').exports);
  });
});
