// Every relative link in the Markdown docs leads somewhere: the file exists, and a `#fragment`
// names one of its headings as GitHub renders them, so moving a section cannot leave a link to
// nowhere. Links to other sites are not followed (the tests have no network).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Markdown without its fenced code blocks, where `[a](b)` is code, not a link. */
const prose = (markdown: string) => markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces to `-`, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)) {
    const base = text!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count ? `${base}-${count}` : base);
  }
  return anchors;
}

function links(doc: string): string[] {
  const text = prose(readFileSync(join(root, doc), 'utf8')).replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z][a-z+.-]*:/i.test(target));
}

it('the anchors follow GitHub: punctuation dropped, spaces to dashes, repeats numbered', () => {
  expect([...headingAnchors('# A `b/c` d: e\n## Why, here?\n## Why, here?\n```\n# not a heading\n```\n')]).toEqual(['a-bc-d-e', 'why-here', 'why-here-1']);
});

it.each(docs)('every relative link in %s leads to a file and a heading that exist', (doc) => {
  const broken = links(doc).filter((target) => {
    const [path, fragment] = target.split('#') as [string, string | undefined];
    const file = path ? join(dirname(join(root, doc)), decodeURI(path)) : join(root, doc);
    if (!existsSync(file)) return true;
    if (fragment === undefined || !file.endsWith('.md')) return false;
    return !headingAnchors(readFileSync(file, 'utf8')).has(decodeURIComponent(fragment));
  });
  expect(broken, `broken links in ${relative(root, join(root, doc))}`).toEqual([]);
});
