#!/usr/bin/env node
// `npm run build`: builds dist/ with tsup (tsup.config.ts) into a fresh folder beside it, then
// 1. makes `require('gmo-aozora-auth/compat')` return the GanbLib class itself, as the old SDK's
//    `require()` did: dist/compat/index.cjs ends with `module.exports = <the default export>`, and
//    dist/compat/index.d.cts says so with `export =` (its types stay reachable as `GanbLib.<Type>`
//    and by `import type { … } from 'gmo-aozora-auth/compat'`). The ESM file keeps its default
//    and named exports, so `import GanbLib from` and `import { GanbLib } from` both work;
// 2. checks that every file package.json points at (exports, main, module, types, bin) exists,
//    so an entry whose source is missing fails the build instead of publishing a broken path;
// 3. checks that the CLI (dist/cli.js) imports the published entries' files and carries none of
//    their code: it is a user of the library, and once carried a second copy of the mock bank;
// 4. swaps the new folder in for dist/ in one rename, so a test or a pack running meanwhile
//    (other work in the same checkout) sees the old build or the new one, never half of one.
// Its progress goes to stderr: `npm pack --json` runs it as `prepack`, and its stdout must be
// nothing but the JSON.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const dist = join(root, 'dist');
// The new build's folder: on the same file system as dist/ (for the rename), ignored by git.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const fresh = mkdtempSync(join(root, 'node_modules/.cache/gmo-aozora-auth-dist-'));

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const fail = (message) => {
  console.error(message);
  rmSync(fresh, { recursive: true, force: true });
  process.exit(1);
};

// tsup.config.ts writes to $GANB_BUILD_OUT_DIR (default dist/).
const tsup = spawnSync('npx', ['--no-install', 'tsup'], {
  cwd: root,
  stdio: ['inherit', process.stderr.fd, 'inherit'],
  env: { ...process.env, GANB_BUILD_OUT_DIR: relative(root, fresh) },
});
if (tsup.status !== 0) fail('build: tsup failed (see above).');

/** Rewrites a CJS entry (`subpath` of the package, built as dist/<subpath>/index.cjs) so that `require()` returns its default export itself. */
function exportDefaultAsModule(subpath) {
  const name = `${subpath}/index`;
  const js = join(fresh, `${name}.cjs`);
  const dts = join(fresh, `${name}.d.cts`);
  if (!existsSync(js)) return;

  const code = readFileSync(js, 'utf8');
  if (!code.includes('module.exports = __toCommonJS('))
    throw new Error(`build: ${name}.cjs is not shaped as expected (no module.exports = __toCommonJS(...)); update scripts/build.mjs`);
  writeFileSync(
    js,
    `${code.trimEnd()}\n\n// require('gmo-aozora-auth/${subpath}') returns the class itself (scripts/build.mjs).\nmodule.exports = module.exports.default;\n`,
  );

  // The generated declarations end with `export { A, type B, …, A as default };`.
  const types = readFileSync(dts, 'utf8');
  const match = types.match(/^export \{([^}]*)\};\s*$/m);
  if (!match) throw new Error(`build: ${name}.d.cts has no final export list; update scripts/build.mjs`);
  const specifiers = match[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const target = specifiers.find((s) => / as default$/.test(s))?.replace(/ as default$/, '');
  if (!target) throw new Error(`build: ${name}.d.cts has no default export`);
  const typeNames = specifiers.filter((s) => s.startsWith('type ')).map((s) => s.slice('type '.length));
  const values = specifiers.filter((s) => !s.startsWith('type ') && !s.endsWith(' as default') && s !== target);
  if (values.length)
    throw new Error(`build: ${name} exports values besides its default (${values.join(', ')}); require() could not reach them once it returns the class`);
  const aliases = typeNames.map((t) => `type _${t} = ${t};`).join('\n');
  const members = typeNames.map((t) => `  export type ${t} = _${t};`).join('\n');
  writeFileSync(
    dts,
    types.replace(
      match[0],
      `${aliases}\n/** Types of \`gmo-aozora-auth/${subpath}\`, also importable by name. */\ndeclare namespace ${target} {\n${members}\n}\nexport = ${target};\n`,
    ),
  );
}

try {
  exportDefaultAsModule('compat');
} catch (error) {
  fail(error.message);
}

// Every path package.json publishes must exist (in dist/ once the new build is in place).
const paths = new Set([pkg.main, pkg.module, pkg.types, ...Object.values(pkg.bin ?? {})].filter(Boolean));
const walk = (value) => (typeof value === 'string' ? paths.add(value) : Object.values(value ?? {}).forEach(walk));
walk(pkg.exports);
const inFresh = (path) => join(fresh, relative('dist', path));
const missing = [...paths].filter((p) => p.replace(/^\.\//, '').startsWith('dist/') && !existsSync(inFresh(p)));
if (missing.length) fail(`build: package.json points at files the build did not produce: ${missing.join(', ')}`);
for (const bin of Object.values(pkg.bin ?? {})) chmodSync(inFresh(bin), 0o755);

/**
 * What is wrong with the built CLI: an import other than a Node builtin or a published entry's
 * ESM file, or code from src/ outside src/cli/ and src/shared/ (tsup marks each module it
 * inlines with a `// src/<path>` line).
 */
function cliProblems() {
  const code = readFileSync(join(fresh, 'cli.js'), 'utf8');
  const entries = new Set(
    Object.values(pkg.exports)
      .filter((target) => typeof target === 'object')
      .map((target) => target.import.default.replace(/^\.\/dist\//, './')),
  );
  const imported = [...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)|^\s*import\s*"([^"]+)"/gm)].map(
    (match) => match[1] ?? match[2] ?? match[3],
  );
  const modules = [...code.matchAll(/^\/\/ (src\/\S+)$/gm)].map((match) => match[1]);
  if (!modules.some((module) => module.startsWith('src/cli/')))
    return ['dist/cli.js has no `// src/cli/…` module markers (minified?); update cliProblems() in scripts/build.mjs'];
  return [
    ...imported.filter((specifier) => !specifier.startsWith('node:') && !entries.has(specifier)).map((specifier) => `imports ${specifier}`),
    ...[...new Set(modules)].filter((module) => !/^src\/(cli|shared)\//.test(module)).map((module) => `inlines ${module}`),
  ];
}
const cli = cliProblems();
if (cli.length) fail(`build: dist/cli.js must import the library through its published entries only:\n  ${cli.join('\n  ')}`);

// Swap it in.
const old = `${fresh}-old`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
console.error(`build: dist/ ready; all ${paths.size} published paths exist.`);
