// What `npm pack` publishes: only the build, the spec and the docs, and every path package.json
// points at; the docs' links lead to files it publishes; and the exports map is the only way in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packedInstall, pkg, type PackedInstall } from './helpers.js';

/** Everything the tarball may hold. */
const ALLOWED = [
  /^dist\/[\w/-]+\.(js|cjs|d\.ts|d\.cts)$/,
  /^openapi\/[\w-]+\.yaml$/,
  /^docs\/[\w-]+\.md$/,
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|CONTRIBUTING\.md)$/,
];

describe('the packed package', () => {
  let install: PackedInstall;
  beforeAll(() => {
    install = packedInstall();
  }, 60_000);
  afterAll(() => install?.cleanup());

  it('holds only the build, the spec, package.json and the docs', () => {
    expect(install.files.filter((file) => !ALLOWED.some((re) => re.test(file)))).toEqual([]);
    expect(install.files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'openapi/auth-v1.yaml', 'dist/index.js', 'dist/index.cjs', 'docs/client.md']),
    );
  });

  // A reader of node_modules/gmo-aozora-auth/README.md (an editor's preview, a user offline)
  // follows its links to docs/*.md; so does the npm registry page once it knows the repository.
  it('holds every file the README and docs/*.md link to', () => {
    const broken: string[] = [];
    for (const page of install.files.filter((file) => file === 'README.md' || file.startsWith('docs/'))) {
      const text = readFileSync(join(install.dir, 'node_modules', pkg.name, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
        const file = join(dirname(page), target!).replace(/\\/g, '/');
        if (!install.files.includes(file)) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('holds every file package.json points at', () => {
    const pointed = new Set<string>();
    const walk = (value: unknown): void => {
      if (typeof value === 'string') pointed.add(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(pkg.exports);
    walk(pkg.bin ?? {});
    expect([...pointed].filter((file) => !install.files.includes(file))).toEqual([]);
  });

  it('lets nothing be imported past the exports map', () => {
    const deep = spawnSync(process.execPath, ['-e', "require('gmo-aozora-auth/dist/index.cjs')"], { cwd: install.dir, encoding: 'utf8' });
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('loads every public entry with both import and require', () => {
    for (const entry of Object.keys(pkg.exports).filter((e) => e !== './package.json')) {
      const specifier = entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`;
      for (const code of [`require(${JSON.stringify(specifier)})`, `import(${JSON.stringify(specifier)})`]) {
        const child = spawnSync(
          process.execPath,
          ['-e', `Promise.resolve(${code}).then((m) => { if (!m || !Object.keys(m).length && typeof m !== 'function') process.exit(3) })`],
          { cwd: install.dir, encoding: 'utf8' },
        );
        expect({ code, status: child.status, stderr: child.stderr }).toEqual({ code, status: 0, stderr: '' });
      }
    }
  });

  it('ships the gmo-aozora-auth command as an executable Node script that runs', () => {
    expect(Object.keys(pkg.bin ?? {})).toEqual(['gmo-aozora-auth']);
    const bin = join(install.dir, 'node_modules', pkg.name, pkg.bin!['gmo-aozora-auth']!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    // Run as a shell would run the linked bin: the file itself, its shebang choosing node.
    const help = spawnSync(bin, ['--help'], {
      cwd: install.dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    });
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: gmo-aozora-auth <command>/);
  });
});
