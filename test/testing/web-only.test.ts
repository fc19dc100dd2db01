import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const root = new URL('../../src/testing/', import.meta.url).pathname;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));

/** Imports in a file, including `import type` and re-exports. */
const importsOf = (source: string) => [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!);

it('finds the mock bank sources to check', () => {
  expect(files).toEqual(expect.arrayContaining(['index.ts', 'mock-bank.ts', 'msw.ts', 'consent.ts', 'node-server.ts']));
});

// `gmo-aozora-auth/testing` must load in browsers and edge runtimes: only node-server.ts (the
// `/testing/node` entry) may use Node's modules, and nothing else may import it.
it.each(files.filter((file) => file !== 'node-server.ts'))('%s uses Web APIs only', (file) => {
  const imports = importsOf(readFileSync(join(root, file), 'utf8'));
  expect(imports.filter((name) => name.startsWith('node:') || /node-server/.test(name))).toEqual([]);
  expect(imports.every((name) => name.startsWith('.') || name === 'jose' || name === 'msw')).toBe(true);
});
