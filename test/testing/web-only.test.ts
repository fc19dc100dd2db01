import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('../../src/testing/', import.meta.url).pathname;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

/** Imports in a file, including `import type` and re-exports. */
const importsOf = (source: string) => [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!);

it('finds the mock bank sources to check', () => {
  expect(files).toEqual(expect.arrayContaining(['index.ts', 'mock-bank.ts', 'msw/index.ts', 'consent.ts', 'node/index.ts']));
});

// `gmo-aozora-auth/testing` must load in browsers and edge runtimes: only node/index.ts (the
// `/testing/node` entry) may use Node's modules, and nothing else may import it.
it.each(files.filter((file) => file !== 'node/index.ts'))('%s uses Web APIs only', (file) => {
  const imports = importsOf(readFileSync(join(root, file), 'utf8'));
  expect(imports.filter((name) => name.startsWith('node:') || /\/node\//.test(name))).toEqual([]);
  expect(imports.every((name) => name.startsWith('.') || name === 'jose' || name === 'msw')).toBe(true);
});

// msw is an optional peer: `gmo-aozora-auth/testing` must load without it installed, so only the
// `/testing/msw` entry may reach it. Bundling the entry with msw left external shows every
// module its graph would load.
it('gmo-aozora-auth/testing reaches no msw module; only gmo-aozora-auth/testing/msw does', async () => {
  const { build } = await import('esbuild');
  const reached = async (entry: string) => {
    const { metafile } = await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'neutral',
      external: ['msw', 'jose', 'openapi-fetch'],
      logLevel: 'silent',
    });
    return Object.values(metafile.inputs).flatMap((input) => input.imports.map((imported) => imported.path));
  };
  expect((await reached('index.ts')).filter((path) => path === 'msw' || path.startsWith('msw/'))).toEqual([]);
  expect(await reached('msw/index.ts')).toContain('msw');
});
