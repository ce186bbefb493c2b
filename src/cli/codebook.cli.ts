/**
 * npm run codebook: writes docs/codebook.md from the codebook's source (src/export/codebook/).
 * `--check` writes nothing and fails when the committed file differs. No database needed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';

const CODEBOOK_FILE = path.join(PROJECT_ROOT, 'docs', 'codebook.md');

const cli = parseCli({
  command: 'npm run codebook',
  summary:
    'Writes docs/codebook.md (every event type with its fields and codes, the export columns, the enumerations) from its source in src/export/codebook/. No database needed.',
  options: {
    check: {
      type: 'boolean',
      description: 'write nothing; fail (exit code 1) when docs/codebook.md is not what it would write',
    },
  },
});

void runCli(async () => {
  const { codebookMarkdown } = await import('../export/codebook/codebook-markdown.js');
  const markdown = codebookMarkdown();
  if (cli.values.check) {
    const current = await readFile(CODEBOOK_FILE, 'utf8').catch(() => null);
    if (current !== markdown)
      throw new Error(`${path.relative(process.cwd(), CODEBOOK_FILE)} is stale: run npm run codebook`);
    process.stdout.write(`${CODEBOOK_FILE} is up to date\n`);
    return;
  }
  await mkdir(path.dirname(CODEBOOK_FILE), { recursive: true });
  await writeFile(CODEBOOK_FILE, markdown, 'utf8');
  process.stdout.write(`wrote ${CODEBOOK_FILE} (${markdown.length} characters)\n`);
});
