// The docs' examples must be this directory's code, verbatim, so the code users copy is the
// code that passes.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** A file without its leading `//` comment lines, which explain it to this repository only. */
function shownPart(path: string): string {
  const lines = read(path).split('\n');
  while (lines[0]?.startsWith('//')) lines.shift();
  return lines.join('\n').trim();
}

it.each([
  ['README.md', 'test/consumer/bff.ts'],
  ['docs/testing.md', 'test/consumer/bff-login.test.ts'],
  ['docs/several-instances.md', 'test/redis/several-instances.ts'],
])('%s shows %s as it is', (doc, path) => {
  expect(read(doc)).toContain(shownPart(path));
});
