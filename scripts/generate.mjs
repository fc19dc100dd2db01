#!/usr/bin/env node
// Regenerates src/generated/ from openapi/. With --check, regenerates into a temporary folder and
// fails with a diff when the committed files differ, so CI catches a spec edited without
// regenerating (or generated code edited by hand).
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'openapi/auth-v1.yaml';
const OUT_DIR = 'src/generated';
const check = process.argv.includes('--check');

const header = (what) =>
  [
    '/**',
    ` * ${what}`,
    ` * GENERATED from ${SPEC} by \`npm run generate\` (scripts/generate.mjs). Do not edit by hand:`,
    ' * change the spec and regenerate; `npm run check:generated` fails when this file is stale.',
    ' */',
    '',
  ].join('\n');

async function typesFile() {
  const ast = await openapiTS(new URL(`../${SPEC}`, import.meta.url), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: false,
    alphabetize: false,
    exportType: false,
  });
  return header('TypeScript types of the auth API (openapi-typescript).') + astToString(ast);
}

/** Runtime values the client checks against, taken from the same spec as the types. */
function valuesFile() {
  const spec = parse(readFileSync(join(root, SPEC), 'utf8'));
  const servers = spec.servers.map((s) => ({
    environment: s['x-environment'],
    url: s.url,
    ...(s['x-id-token-issuer'] ? { idTokenIssuer: s['x-id-token-issuer'] } : {}),
  }));
  const limits = {};
  const enums = {};
  // `x-known-values`: the values a schema documents without closing the list (an enum would refuse others).
  const knownValues = {};
  for (const [name, schema] of Object.entries(spec.components.schemas)) {
    if (schema.type === 'string' && (schema.minLength !== undefined || schema.maxLength !== undefined)) {
      limits[name] = { minLength: schema.minLength ?? 0, maxLength: schema.maxLength ?? null };
    }
    if (Array.isArray(schema.enum)) enums[name] = schema.enum;
    if (Array.isArray(schema['x-known-values'])) knownValues[name] = schema['x-known-values'];
  }
  const lit = (v) => JSON.stringify(v, null, 2);
  return (
    header('Runtime values of the auth API: servers, length limits, enums and known values.') +
    `export const servers = ${lit(servers)} as const;\n\n` +
    `export const schemaLimits = ${lit(limits)} as const;\n\n` +
    `export const schemaEnums = ${lit(enums)} as const;\n\n` +
    `export const schemaKnownValues = ${lit(knownValues)} as const;\n` +
    Object.entries(knownValues)
      .map(
        ([name, values]) =>
          `\n/** The values of \`${name}\` that the spec documents (\`x-known-values\`); others may exist. */\n` +
          `export type Known${name} = ${values.map((v) => JSON.stringify(v)).join(' | ')};\n`,
      )
      .join('')
  );
}

const files = { 'auth-api.ts': await typesFile(), 'spec-values.ts': valuesFile() };

if (!check) {
  mkdirSync(join(root, OUT_DIR), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, OUT_DIR, name), text);
  console.log(
    `generate: wrote ${Object.keys(files)
      .map((f) => `${OUT_DIR}/${f}`)
      .join(', ')} from ${SPEC}`,
  );
  process.exit(0);
}

const tmp = mkdtempSync(join(tmpdir(), 'gmo-aozora-auth-generated-'));
const stale = [];
try {
  for (const [name, text] of Object.entries(files)) {
    const committed = join(root, OUT_DIR, name);
    const fresh = join(tmp, name);
    writeFileSync(fresh, text);
    if (!existsSync(committed)) {
      stale.push(name);
      console.error(`check:generated: ${OUT_DIR}/${name} is missing.`);
      continue;
    }
    if (readFileSync(committed, 'utf8') !== text) {
      stale.push(name);
      const diff = spawnSync('diff', ['-u', '--label', `committed ${OUT_DIR}/${name}`, '--label', `regenerated from ${SPEC}`, committed, fresh], {
        encoding: 'utf8',
      });
      process.stderr.write(diff.stdout || `(no diff tool; ${OUT_DIR}/${name} differs)\n`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (stale.length) {
  console.error(
    `check:generated: ${stale.join(', ')} in ${OUT_DIR}/ do not match ${SPEC}. Run \`npm run generate\` and commit the result (never edit ${OUT_DIR}/ by hand).`,
  );
  process.exit(1);
}
console.log(`check:generated: ${OUT_DIR}/ matches ${SPEC}.`);
