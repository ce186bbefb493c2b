/**
 * The timeline page's generated API types are fresh: GraphQL Code Generator runs, as
 * `npm run codegen` runs it, with the project's configuration (codegen.ts: schema.gql and
 * web/timeline/operations.ts) but into a temporary folder, and what it writes must be the committed
 * web/timeline/generated/graphql.ts byte for byte. When this fails, the schema or an operation
 * changed without `npm run codegen`: run it and commit the result.
 *
 * The generator runs in a child process: it loads its plugins with dynamic imports, which Jest's
 * ESM sandbox does not link.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CODEGEN_OUTPUT } from '../../codegen.js';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';

const CLI = path.join(PROJECT_ROOT, 'node_modules/.bin/graphql-codegen');

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the generator with codegen.ts, its one output moved to `output`; answers what it wrote. */
async function generateInto(output: string): Promise<string> {
  const configFile = path.join(tmp, 'codegen.ts');
  fs.writeFileSync(
    configFile,
    [
      `import config from ${JSON.stringify(path.join(PROJECT_ROOT, 'codegen.ts'))};`,
      `export default { ...config, generates: { ${JSON.stringify(output)}: config.generates[${JSON.stringify(CODEGEN_OUTPUT)}] } };`,
      '',
    ].join('\n'),
  );
  try {
    await promisify(execFile)(process.execPath, [CLI, '--config', configFile], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`graphql-codegen failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  return fs.readFileSync(output, 'utf8');
}

describe('web/timeline/generated/graphql.ts', () => {
  it('is what `npm run codegen` writes from the committed schema and operations', async () => {
    const fresh = await generateInto(path.join(tmp, 'graphql.ts'));
    // Every operation of the page has its types (a document the generator could not read would be left out).
    for (const name of [
      'TimelineEventFragment',
      'TimelineActorsQuery',
      'TimelineLogHeadQuery',
      'TimelineEventsQuery',
      'TimelineEventQuery',
      'TimelineEventDetailsQuery',
      'TimelineReadModelsQuery',
      'TimelineEventAppendedSubscription',
      'TimelineEventLinksQuery',
    ]) {
      expect(fresh).toContain(`export type ${name} = `);
    }
    const committed = fs.readFileSync(path.join(PROJECT_ROOT, CODEGEN_OUTPUT), 'utf8');
    // Stale: run `npm run codegen` and commit web/timeline/generated/graphql.ts.
    expect(committed).toBe(fresh);
  });
});
