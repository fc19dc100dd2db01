// Each public entry is a folder's index.ts, and code reaches another entry's code only through
// that index.ts: the CommonJS build turns such an import into a require() of the other entry's
// built file (one copy of each class), and a reach into another folder's internals would inline
// a second copy instead. src/shared/ holds pure Web-API helpers every entry may import; it
// imports nothing outside itself. src/generated/ is the spec's data, read by all.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

/** Folder (relative to src/) → the published entry whose code it is; the most specific folder wins. */
const AREAS: readonly (readonly [folder: string, area: string])[] = [
  ['testing/msw/', './testing/msw'],
  ['testing/node/', './testing/node'],
  ['testing/', './testing'],
  ['compat/', './compat'],
  ['redis/', './redis'],
  ['auth/', '.'],
  ['cli/', 'the CLI'],
  ['shared/', 'shared'],
  ['generated/', 'generated'],
];

/** The file other areas import an area through. */
const ENTRY_FILES: Readonly<Record<string, string>> = {
  '.': 'index.ts',
  './compat': 'compat/index.ts',
  './redis': 'redis/index.ts',
  './testing': 'testing/index.ts',
  './testing/msw': 'testing/msw/index.ts',
  './testing/node': 'testing/node/index.ts',
};

const areaOf = (file: string) => (file === 'index.ts' ? '.' : AREAS.find(([folder]) => file.startsWith(folder))?.[1]);

/** Relative imports (static, type-only, re-exports and dynamic) of a source file, resolved to paths under src/. */
function importsOf(file: string): string[] {
  const code = readFileSync(join(src, file), 'utf8');
  return [...code.matchAll(/\bfrom\s+['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s+['"](\.[^'"]+)['"]/gm)].map((match) =>
    relative(src, resolve(dirname(join(src, file)), (match[1] ?? match[2] ?? match[3])!)).replace(/\.js$/, '.ts'),
  );
}

const sources = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .sort();

/** Imports that cross from one area into another's internals. */
function crossings(): string[] {
  const found: string[] = [];
  for (const file of sources) {
    const from = areaOf(file);
    for (const target of importsOf(file)) {
      const to = areaOf(target);
      const allowed = from === to || (from !== 'shared' && (to === 'shared' || to === 'generated' || target === ENTRY_FILES[to!]));
      if (!allowed) found.push(`src/${file} (${from}) → src/${target} (${to})`);
    }
  }
  return found;
}

describe('entries', () => {
  it('every source file belongs to one area, and every public entry is a folder index.ts', () => {
    expect(sources.filter((file) => areaOf(file) === undefined)).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(
      Object.keys(pkg.exports)
        .filter((subpath) => subpath !== './package.json')
        .sort(),
    ).toEqual(Object.keys(ENTRY_FILES).sort());
    for (const entry of Object.values(ENTRY_FILES)) expect(sources).toContain(entry);
  });

  it('code reaches another entry only through its index.ts; src/shared imports nothing outside itself', () => {
    expect(crossings()).toEqual([]);
  });

  it('sees the imports it checks: the CLI imports three entries, the testing kit the shared helpers', () => {
    const targets = (area: string) => new Set(sources.filter((file) => areaOf(file) === area).flatMap(importsOf));
    expect([...targets('the CLI')].filter((target) => areaOf(target) !== 'the CLI' && areaOf(target) !== 'shared').sort()).toEqual([
      'index.ts',
      'testing/index.ts',
      'testing/node/index.ts',
    ]);
    expect([...targets('./testing')].some((target) => target.startsWith('shared/'))).toBe(true);
  });
});
