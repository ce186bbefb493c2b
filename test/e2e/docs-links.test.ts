/**
 * The documents a user reads ship inside the repository and point only into it: every relative
 * link (and image) in README.md, CONTRIBUTING.md, SECURITY.md, BENCHMARKS.md, CHANGELOG.md and the Markdown files
 * under docs/ resolves to a file or folder of the repository, a #fragment into a Markdown file
 * names one of its headings (GitHub's slugs), and no document mentions ../shared, which users do
 * not have. Links to other sites are not fetched. Needs no database.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();

/** The Markdown files of a folder, at any depth, as paths relative to the repository root. */
function markdownFiles(dir: string): string[] {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(relative);
    return entry.name.endsWith('.md') ? [relative] : [];
  });
}

const DOCUMENTS = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'BENCHMARKS.md',
  'CHANGELOG.md',
  ...markdownFiles('docs').sort(),
];

/** The text without fenced code blocks (their lines are kept, empty, so line numbers stay true). */
function withoutCodeBlocks(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === null && marker) {
        fence = marker;
        return '';
      }
      if (fence !== null) {
        if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
        return '';
      }
      return line;
    })
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens (github-slugger). */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // links: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, ''); // code and emphasis markers
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text: its headings' slugs (repeated ones numbered as GitHub does) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const lines = withoutCodeBlocks(markdown).split('\n');
  const headings: string[] = [];
  lines.forEach((line, i) => {
    const atx = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (atx) headings.push(atx[1]);
    else if (
      /^\s{0,3}(=+|-+)\s*$/.test(line) &&
      i > 0 &&
      lines[i - 1].trim() !== '' &&
      !/^\s{0,3}([-*+]|\d+[.)])\s|^\s*\|/.test(lines[i - 1])
    ) {
      headings.push(lines[i - 1].trim());
    }
  });
  for (const heading of headings) {
    const base = githubSlug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s[^>]*(?:name|id)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

/** Every link target of a Markdown text outside code: inline links and images, reference definitions, HTML href/src. */
function linkTargets(markdown: string): string[] {
  const text = withoutCodeBlocks(markdown).replace(/(`+)(?:(?!\n\s*\n)[\s\S])*?\1/g, '');
  const targets: string[] = [];
  for (const match of text.matchAll(
    /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
  )) {
    targets.push(match[1].replace(/^<|>$/g, ''));
  }
  for (const match of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/gm)) targets.push(match[1]);
  for (const match of text.matchAll(/\b(?:href|src)="([^"]+)"/g)) targets.push(match[1]);
  return targets;
}

/** What is wrong with the relative links of `file` (a path relative to `root`), one line per broken link. */
function brokenLinks(root: string, file: string, markdown = fs.readFileSync(path.join(root, file), 'utf8')): string[] {
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // another site, mailto:, …
    const hash = target.indexOf('#');
    const rawPath = hash === -1 ? target : target.slice(0, hash);
    const fragment = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
    const linkPath = decodeURIComponent(rawPath.split('?')[0]);
    if (linkPath === '') {
      if (fragment && !anchorsOf(markdown).has(fragment))
        problems.push(`${target}: no heading #${fragment} in this document`);
      continue;
    }
    const resolved = linkPath.startsWith('/')
      ? path.join(root, linkPath)
      : path.join(root, path.dirname(file), linkPath);
    const inside = path.relative(root, resolved);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      problems.push(`${target}: outside the repository`);
      continue;
    }
    if (!fs.existsSync(resolved)) {
      problems.push(`${target}: no such file (${inside})`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && fs.statSync(resolved).isFile()) {
      if (!anchorsOf(fs.readFileSync(resolved, 'utf8')).has(fragment))
        problems.push(`${target}: no heading #${fragment} in ${inside}`);
    }
  }
  return problems;
}

describe('the documents', () => {
  it('are all there', () => {
    for (const file of [
      'README.md',
      'CONTRIBUTING.md',
      'SECURITY.md',
      'BENCHMARKS.md',
      'CHANGELOG.md',
      'docs/codebook.md',
    ]) {
      expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
    }
    expect(DOCUMENTS.length).toBeGreaterThan(5);
  });

  describe.each(DOCUMENTS)('%s', (file) => {
    const markdown = fs.readFileSync(path.join(ROOT, file), 'utf8');

    it('links only to files of the repository, and to headings that exist', () => {
      expect(brokenLinks(ROOT, file, markdown)).toEqual([]);
    });

    it('does not point at ../shared', () => {
      const mentions = markdown.split('\n').filter((line) => /\.\.\/shared\b|\/work\/shared\b/.test(line));
      expect(mentions).toEqual([]);
    });
  });
});

describe('the link check itself', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('Fixed after a review (December 2026)')).toBe('fixed-after-a-review-december-2026');
    expect(githubSlug('`CALL_HELD`')).toBe('call_held');
    expect(githubSlug('Mutations (ADMIN key)')).toBe('mutations-admin-key');
    expect(githubSlug('Second edition: agreements of every kind, and the claims ledger')).toBe(
      'second-edition-agreements-of-every-kind-and-the-claims-ledger',
    );
    expect(githubSlug('New event types (18 in all) — specified, not yet implemented')).toBe(
      'new-event-types-18-in-all--specified-not-yet-implemented',
    );
    expect([...anchorsOf('# A\n\n## Notes\n\n```\n# not a heading\n```\n\n## Notes\n\nSetext\n---\n')]).toEqual([
      'a',
      'notes',
      'notes-1',
      'setext',
    ]);
  });

  it('finds links and images outside code, and reports a missing file, a missing heading and a path out of the repository', () => {
    const markdown = [
      '# Title',
      'See [the readme](README.md), [a heading](#title), [nothing](no-such-file.md), [a lost heading](README.md#no-such-heading),',
      '![an image](docs/images/missing.png), [outside](../../etc/passwd), [a site](https://example.org/x.md) and `[code](not-a-link.md)`.',
      '```',
      '[in a block](also-not-a-link.md)',
      '```',
      '[ref]: SECURITY.md#reporting-a-problem',
    ].join('\n');
    expect(linkTargets(markdown)).toEqual([
      'README.md',
      '#title',
      'no-such-file.md',
      'README.md#no-such-heading',
      'docs/images/missing.png',
      '../../etc/passwd',
      'https://example.org/x.md',
      'SECURITY.md#reporting-a-problem',
    ]);
    expect(brokenLinks(ROOT, 'scratch.md', markdown + '\n[gone](#no-title)')).toEqual([
      'no-such-file.md: no such file (no-such-file.md)',
      'README.md#no-such-heading: no heading #no-such-heading in README.md',
      'docs/images/missing.png: no such file (docs/images/missing.png)',
      '../../etc/passwd: outside the repository',
      '#no-title: no heading #no-title in this document',
    ]);
  });
});
