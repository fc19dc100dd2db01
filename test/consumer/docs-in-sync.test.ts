// The README's consumer example must be this directory's code, verbatim, so the example users
// copy is the one that passes. Reads docs/readme-testing-cli.md, or README.md once that section
// has been merged there and the file removed.
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** A file without its leading `//` comment lines, which explain it to this repository only. */
function shownPart(path: string): string {
  const lines = read(path).split('\n');
  while (lines[0]?.startsWith('//')) lines.shift();
  return lines.join('\n').trim();
}

const docs = existsSync(new URL('../../docs/readme-testing-cli.md', import.meta.url)) ? read('docs/readme-testing-cli.md') : read('README.md');

it.each(['test/consumer/bff.ts', 'test/consumer/bff-login.test.ts'])('the docs show %s as it is', (path) => {
  expect(docs).toContain(shownPart(path));
});
