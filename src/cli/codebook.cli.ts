/**
 * npm run codebook: writes docs/codebook.md from the codebook's source (src/export/codebook/).
 * `--check` writes nothing and fails when the committed file differs. No database needed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/project-paths.js';
import { codebookMarkdown } from '../export/codebook/codebook.js';
import { UsageError, runCli } from './cli-database.js';

const CODEBOOK_FILE = path.join(PROJECT_ROOT, 'docs', 'codebook.md');

void runCli(async () => {
  const args = process.argv.slice(2);
  if (args.length > 1 || (args.length === 1 && args[0] !== '--check')) throw new UsageError('usage: npm run codebook [-- --check]');
  const markdown = codebookMarkdown();
  if (args[0] === '--check') {
    const current = await readFile(CODEBOOK_FILE, 'utf8').catch(() => null);
    if (current !== markdown) throw new Error(`${path.relative(process.cwd(), CODEBOOK_FILE)} is stale: run npm run codebook`);
    process.stdout.write(`${CODEBOOK_FILE} is up to date\n`);
    return;
  }
  await mkdir(path.dirname(CODEBOOK_FILE), { recursive: true });
  await writeFile(CODEBOOK_FILE, markdown, 'utf8');
  process.stdout.write(`wrote ${CODEBOOK_FILE} (${markdown.length} characters)\n`);
});
