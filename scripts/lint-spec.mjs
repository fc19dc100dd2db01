#!/usr/bin/env node
// Lints the spec with Redocly and fails on any problem, warnings included: Redocly itself exits 0
// on warnings, and a warning left in the published spec is a warning every reader sees.
import { spawnSync } from 'node:child_process';

const redocly = (args) =>
  spawnSync('npx', ['--no-install', 'redocly', 'lint', ...args], {
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });

const json = redocly(['--format=json']);
let totals;
try {
  totals = JSON.parse(json.stdout).totals;
} catch {
  process.stderr.write(json.stdout + json.stderr);
  console.error('lint:spec: Redocly did not produce a report (see above).');
  process.exit(2);
}
if (totals.errors === 0 && totals.warnings === 0) {
  console.log('lint:spec: openapi/ has no errors and no warnings.');
  process.exit(0);
}
const readable = redocly(['--format=stylish']);
process.stderr.write(readable.stdout);
console.error(`lint:spec: ${totals.errors} error(s), ${totals.warnings} warning(s); the spec must have none. Fix openapi/ (rules in redocly.yaml).`);
process.exit(1);
