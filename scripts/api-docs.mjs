#!/usr/bin/env node
// The API reference of every public entry point, from the TSDoc in src/, by TypeDoc.
//
//   node scripts/api-docs.mjs --out DIR   renders the HTML reference into DIR (npm run docs)
//   node scripts/api-docs.mjs --check     renders nothing; fails on any TypeDoc warning (npm test)
//
// The entry points are read from package.json `exports`, so a new entry is documented (and
// checked) as soon as it is published. Each built file maps to its source by the build's
// convention, dist/a/b.js ← src/a/b.ts, and each module is named by its import path
// (`gmo-aozora-auth/testing`), which is what a reader types.
//
// Warnings are errors, with TypeDoc's validation on: an exported name that the docs mention but
// no entry exports (notExported), a `{@link}` to nothing (invalidLink), and an export without a
// comment (notDocumented).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, OptionDefaults, ReflectionKind } from 'typedoc';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** What must carry TSDoc: every exported declaration, and (through Function) every call signature, methods included. Interface properties are not required yet. */
const REQUIRED_TO_BE_DOCUMENTED = ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'];

/** The file a reflection was declared in, relative to the root (TypeDoc keeps no sources here: disableSources). */
const sourceOf = (project, reflection) => project.getSymbolIdFromReflection(reflection)?.packagePath;

/** Import path → source file, for every code entry of `exports`. */
export function publicEntries() {
  const entries = new Map();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object') continue; // ./package.json
    const built = target.import.default.replace(/^\.\//, '');
    const source = built.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
    if (!existsSync(join(root, source))) throw new Error(`api-docs: ${subpath} is built from ${source}, which does not exist.`);
    entries.set(subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`, join(root, source));
  }
  return entries;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const outIndex = args.indexOf('--out');
  const out = outIndex === -1 ? undefined : resolve(args[outIndex + 1]);
  if (!check && !out) throw new Error('usage: api-docs.mjs --check | --out DIR');

  const entries = publicEntries();
  const app = await Application.bootstrap({
    name: `${pkg.name} ${pkg.version}`,
    entryPoints: [...entries.values()],
    tsconfig: join(root, 'tsconfig.json'),
    readme: 'none',
    excludePrivate: true,
    excludeProtected: true,
    excludeInternal: true,
    excludeExternals: true,
    treatWarningsAsErrors: true,
    validation: { notExported: true, invalidLink: true, notDocumented: true },
    requiredToBeDocumented: REQUIRED_TO_BE_DOCUMENTED,
    // openapi-typescript writes the spec's descriptions as @description and its enums as @enum.
    blockTags: [...OptionDefaults.blockTags, '@description', '@enum'],
    // Generated from the spec, and named only through the public aliases that are exported.
    // (GrantKind: 'authorization_code' | 'refresh_token', shown where the events use it.)
    intentionallyNotExported: ['SchemaAuthorizationErrorCode', 'SchemaOAuthErrorCode', 'servers', 'GrantKind'],
    githubPages: false,
    hideGenerator: true,
    disableSources: true,
    titleLink: undefined,
  });

  const nameOf = new Map([...entries].map(([name, file]) => [relative(root, file), name]));
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const name = nameOf.get(sourceOf(context.project, module));
      if (name) module.name = name;
    }
  });

  const project = await app.convert();
  if (!project) process.exit(1);
  // The spec types (src/generated/, openapi-typescript's output) carry the spec's own
  // descriptions where it has them; the rest of their wire fields are documented by the spec and
  // its HTTP reference, not by hand-written TSDoc in a file nobody may edit.
  const required = REQUIRED_TO_BE_DOCUMENTED.reduce((kinds, kind) => kinds | ReflectionKind[kind], 0);
  const generated = project
    .getReflectionsByKind(required)
    .filter((reflection) => !reflection.hasComment() && sourceOf(project, reflection)?.startsWith('src/generated/'))
    .map((reflection) => reflection.getFriendlyFullName());
  app.options.setValue('intentionallyNotDocumented', [...new Set(generated)]);
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
  if (out) {
    await app.generateDocs(project, out);
    if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
    console.log(`api-docs: wrote ${out}`);
  } else {
    console.log(`api-docs: the TSDoc of ${entries.size} entry points (${[...entries.keys()].join(', ')}) is complete, no warnings.`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
