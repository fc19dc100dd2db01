#!/usr/bin/env node
// `npm run check:runtime`: fails when the runtime code of the runtime-neutral entries (`.`,
// `./compat`, `./redis` and `./testing`, as built in dist/) reaches a Node builtin: `node:*` or a bare builtin name such as
// `crypto` or `buffer`. Those entries must run on edge runtimes, Deno and Bun, which have Web
// APIs but not Node's modules.
//
// It follows the whole graph an edge bundler would: our files, their shared chunks and the
// dependencies (openapi-fetch, jose), resolved with the conditions edge runtimes use. It reads
// both the ESM and the CommonJS file of each entry.
//
// Usage: node scripts/check-runtime-imports.mjs [file ...]   (default: the entries' dist files)
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { EDGE_BUILD_OPTIONS, root } from './edge-bundle.mjs';

/**
 * Entries that must stay free of Node builtins. ./testing/node is a Node adapter on purpose;
 * ./testing/msw is left to msw, whose browser build reads `localStorage` (docs/testing.md).
 */
const NEUTRAL_ENTRIES = ['.', './compat', './redis', './testing'];

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]);

/** The ESM and CJS files that package.json `exports` gives for the neutral entries. */
function entryFiles() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = [];
  for (const entry of NEUTRAL_ENTRIES) {
    const target = pkg.exports?.[entry];
    if (target === undefined) continue; // not published (yet)
    for (const condition of ['import', 'require']) {
      const file = target[condition]?.default ?? target[condition];
      if (typeof file !== 'string') throw new Error(`check:runtime: exports["${entry}"].${condition} has no file`);
      files.push(join(root, file));
    }
  }
  if (files.length === 0) throw new Error(`check:runtime: package.json exports publishes none of ${NEUTRAL_ENTRIES.join(', ')}`);
  return files;
}

/** Every builtin import reachable from `file`, as "importer → specifier" lines. */
async function builtinImports(file) {
  const found = [];
  await build({
    ...EDGE_BUILD_OPTIONS,
    entryPoints: [file],
    format: 'esm',
    absWorkingDir: root,
    plugins: [
      {
        name: 'record-builtins',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (!isBuiltin(args.path)) return undefined;
            found.push(`${relative(root, args.importer) || args.importer} → ${args.path}`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return found;
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : entryFiles();
let failed = false;
for (const file of files) {
  const name = relative(root, file);
  if (!existsSync(file)) {
    console.error(`check:runtime: ${name} does not exist; run \`npm run build\` first.`);
    failed = true;
    continue;
  }
  let found;
  try {
    found = await builtinImports(file);
  } catch (error) {
    console.error(`check:runtime: could not follow the imports of ${name}:\n${error.message}`);
    failed = true;
    continue;
  }
  if (found.length) {
    failed = true;
    console.error(`check:runtime: ${name} reaches Node builtins, which edge runtimes do not have:\n  ${[...new Set(found)].join('\n  ')}`);
  } else {
    console.log(`check:runtime: ${name}: no Node builtins in its runtime graph.`);
  }
}
if (failed) {
  console.error(
    'check:runtime: runtime code must use Web APIs only (fetch, Web Crypto, URL, TextEncoder); keep Node adapters in src/testing/node/ or src/cli/.',
  );
  process.exit(1);
}
