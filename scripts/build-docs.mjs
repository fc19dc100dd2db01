#!/usr/bin/env node
// Builds the published API reference: the spec rendered by Redocly into one self-contained HTML
// page. --inlineBundle embeds Redoc's scripts, so the page opens offline instead of loading them
// from a CDN.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const out = 'build/docs/index.html';
mkdirSync('build/docs', { recursive: true });
const result = spawnSync(
  'npx',
  ['--no-install', 'redocly', 'build-docs', 'auth@v1', '--inlineBundle', '--output', out, '--title', 'GMO Aozora Net Bank auth API (gmo-aozora-auth)'],
  { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } },
);
if (result.status !== 0) {
  console.error('docs: redocly build-docs failed (see above).');
  process.exit(result.status ?? 1);
}
console.log(`docs: wrote ${out}`);
