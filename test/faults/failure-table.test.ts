import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ROWS, type RowKey } from './rows.js';

/**
 * The failure table (docs/failure-behaviour.md) and the fault tests say the same thing: the same rows in
 * the same order, the same retry columns (from which the matrix derives the requests it expects),
 * and a test for every row.
 */

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function failureSection(): string {
  const doc = read('docs/failure-behaviour.md');
  const start = doc.indexOf('\n## The failure table\n');
  expect(start, 'docs/failure-behaviour.md has a "## The failure table" section').toBeGreaterThan(-1);
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next === -1 ? undefined : next);
}

function tableRows(markdown: string): { fault: string; exchangeCode: string; refresh: string }[] {
  const lines = markdown.split('\n').filter((line) => line.startsWith('|'));
  expect(lines[0]).toMatch(/^\| Fault \| What the caller gets \| `exchangeCode` retried\? \| `refresh` retried\? \|$/);
  return lines.slice(2).map((line) => {
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    expect(cells, line).toHaveLength(4);
    const retried = (cell: string) => /^(yes|no|—)\b/u.exec(cell)?.[1] ?? cell;
    return { fault: cells[0]!, exchangeCode: retried(cells[2]!), refresh: retried(cells[3]!) };
  });
}

it('the failure table lists exactly the tested rows, with the retries the tests assert', () => {
  expect(tableRows(failureSection())).toEqual(Object.values(ROWS).map(({ fault, exchangeCode, refresh }) => ({ fault, exchangeCode, refresh })));
});

it('every row of the table has a test', () => {
  const tests = readdirSync(new URL('test/faults/', root))
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => read(`test/faults/${file}`))
    .join('\n');
  const untested = (Object.keys(ROWS) as RowKey[]).filter((key) => !tests.includes(`row: '${key}'`) && !tests.includes(`ROWS.${key}.`));
  expect(untested).toEqual([]);
});
