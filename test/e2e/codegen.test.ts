/**
 * The pages' generated typed documents are fresh: GraphQL Code Generator runs, as `npm run codegen`
 * runs it, with the project's configuration (codegen.ts: schema.gql and each page's operations)
 * but into a temporary folder, and what it writes must be the committed web/generated/graphql.ts
 * byte for byte. When this fails, the schema or an operation changed without `npm run codegen`:
 * run it and commit the result.
 *
 * The generator runs in a child process: it loads its plugins with dynamic imports, which Jest's
 * ESM sandbox does not link.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CODEGEN_OUTPUTS } from '../../codegen.js';
import { PROJECT_ROOT } from '../../src/config/project-paths.js';

const CLI = path.join(PROJECT_ROOT, 'node_modules/.bin/graphql-codegen');

let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codegen-'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the generator with codegen.ts, each output moved into the temporary folder; answers what it wrote, by output. */
async function generate(): Promise<Record<string, string>> {
  const moved = Object.fromEntries(
    Object.keys(CODEGEN_OUTPUTS).map((output) => [output, path.join(tmp, output.replace(/\//g, '_'))]),
  );
  const configFile = path.join(tmp, 'codegen.ts');
  fs.writeFileSync(
    configFile,
    [
      `import config from ${JSON.stringify(path.join(PROJECT_ROOT, 'codegen.ts'))};`,
      `const moved = ${JSON.stringify(moved)};`,
      `export default { ...config, generates: Object.fromEntries(Object.entries(config.generates).map(([output, c]) => [moved[output], c])) };`,
      '',
    ].join('\n'),
  );
  try {
    await promisify(execFile)(process.execPath, [CLI, '--config', configFile], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`graphql-codegen failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  return Object.fromEntries(Object.entries(moved).map(([output, file]) => [output, fs.readFileSync(file, 'utf8')]));
}

/** Types every operation of each page must have (a document the generator could not read would be left out). */
const EXPECTED_TYPES: Record<string, string[]> = {
  'web/generated/graphql.ts': [
    'TimelineEventFragment',
    'TimelineActorsQuery',
    'TimelineLogHeadQuery',
    'TimelineEventsQuery',
    'TimelineEventQuery',
    'TimelineEventDetailsQuery',
    'TimelineReadModelsQuery',
    'TimelineEventAppendedSubscription',
    'TimelineEventLinksQuery',
    'TimelineAgreementsQuery',
    'TimelineDisputedClaimsQuery',
    'TimelineCallReadoutsQuery',
    'ReviewEventFragment',
    'ReviewDraftFragment',
    'ReviewMeQuery',
    'ReviewDraftsQuery',
    'ReviewDraftQuery',
    'ReviewStreamQuery',
    'ReviewValidateMutation',
    'ReviewSubmitDraftMutation',
    'ReviewReviseDraftMutation',
    'ReviewWithdrawDraftMutation',
    'ReviewApproveDraftMutation',
    'ReviewRejectDraftMutation',
  ],
};

describe('the generated API types of the pages', () => {
  let fresh: Record<string, string>;
  beforeAll(async () => {
    fresh = await generate();
  });

  it('cover every output codegen.ts names', () => {
    expect(Object.keys(fresh).sort()).toEqual(Object.keys(EXPECTED_TYPES).sort());
  });

  it.each(Object.keys(CODEGEN_OUTPUTS))(
    '%s is what `npm run codegen` writes from the committed schema and operations',
    (output) => {
      for (const name of EXPECTED_TYPES[output]) expect(fresh[output]).toContain(`export type ${name} = `);
      // Each operation's typed document, which the pages send (its text, with its answer's and variables' types).
      for (const name of EXPECTED_TYPES[output].filter((n) => !n.endsWith('Fragment')))
        expect(fresh[output]).toMatch(
          new RegExp(
            `export const ${name.replace(/(Query|Mutation|Subscription)$/, '')}Document = new TypedDocumentString\\(`,
          ),
        );
      const committed = fs.readFileSync(path.join(PROJECT_ROOT, output), 'utf8');
      // Stale: run `npm run codegen` and commit the generated files.
      expect(committed).toBe(fresh[output]);
    },
  );
});
