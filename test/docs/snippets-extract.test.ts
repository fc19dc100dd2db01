// The code-block extractor behind snippets.test.ts: what counts as a block, where it is, and
// that a mistyped mark is refused rather than ignored.
import { describe, expect, it } from 'vitest';
import { extractSnippets, SnippetSyntaxError, uniqueFileNames } from './snippets.js';

const doc = (...lines: string[]) => lines.join('\n');

describe('extractSnippets', () => {
  it('finds TypeScript and JavaScript blocks with their lines and marks, and skips other languages', () => {
    const found = extractSnippets(
      'doc.md',
      doc(
        '# Title',
        '```sh',
        'npm i x',
        '```',
        '',
        '```ts runnable',
        'const a = 1;',
        '```',
        '~~~~js fragment',
        'a()',
        '```',
        '~~~~',
        '```typescript file=app.ts',
        'export {}',
        '```',
      ),
    );
    expect(
      found.map(({ fenceLine, firstLine, language, code, fileName, fragment, runnable }) => ({
        fenceLine,
        firstLine,
        language,
        code,
        fileName,
        fragment,
        runnable,
      })),
    ).toEqual([
      { fenceLine: 6, firstLine: 7, language: 'ts', code: 'const a = 1;', fileName: 'doc-md-line-6.ts', fragment: false, runnable: true },
      { fenceLine: 9, firstLine: 10, language: 'js', code: 'a()\n```', fileName: 'doc-md-line-9.mjs', fragment: true, runnable: false },
      { fenceLine: 13, firstLine: 14, language: 'typescript', code: 'export {}', fileName: 'app.ts', fragment: false, runnable: false },
    ]);
  });

  it('treats a JavaScript block that only require()s as CommonJS', () => {
    const [cjs, esm] = extractSnippets('doc.md', doc('```js', "const x = require('x');", '```', '```js', "import x from 'x';", 'require("y");', '```'));
    expect([cjs?.fileName, esm?.fileName]).toEqual(['doc-md-line-1.cjs', 'doc-md-line-4.mjs']);
  });

  it('removes a list item’s indentation and remembers it for columns', () => {
    const [block] = extractSnippets('doc.md', doc('- item', '', '   ```ts', '   const a = 1;', '     const b = 2;', '   ```'));
    expect(block?.code).toBe('const a = 1;\n  const b = 2;');
    expect(block?.indent).toBe(3);
  });

  it('refuses an unknown mark, naming the place and the known marks', () => {
    expect(() => extractSnippets('docs/x.md', doc('text', '```ts fragement', 'x', '```'))).toThrow(SnippetSyntaxError);
    expect(() => extractSnippets('docs/x.md', doc('text', '```ts fragement', 'x', '```'))).toThrow(/docs\/x\.md:2: unknown mark "fragement".*`fragment`/);
  });

  it('refuses an unclosed block, a runnable fragment and two blocks with one file name', () => {
    expect(() => extractSnippets('d.md', doc('```ts', 'x'))).toThrow('d.md:1: the code block opened here is never closed.');
    expect(() => extractSnippets('d.md', doc('```ts fragment runnable', 'x', '```'))).toThrow(/cannot be `runnable`/);
    const twice = [...extractSnippets('d.md', doc('```ts file=a.ts', '```')), ...extractSnippets('docs/e.md', doc('', '```ts file=a.ts', '```'))];
    expect(() => uniqueFileNames(twice)).toThrow('docs/e.md:2: the block at d.md:1 is already `file=a.ts`.');
  });
});
