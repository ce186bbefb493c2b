/** npm run export (dist/cli/export.cli.js) writes the same bytes as GET /export/events, for every format. */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ActorsService } from '../../src/actors/actors.service.js';
import { loadDemoTimeline } from '../../src/demo/demo-loader.js';
import { EventStoreService } from '../../src/events/event-store.service.js';
import { type TestApp, startTestApp } from '../support/test-app.js';

const run = promisify(execFile);
const sha = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('npm run export', () => {
  let t: TestApp;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestApp({ RUN_PROJECTIONS: 'false' });
    await loadDemoTimeline(t.app.get(ActorsService), t.app.get(EventStoreService));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dt-export-'));
    env = { ...process.env, NODE_OPTIONS: '', DATABASE_URL: t.database.url };
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it.each(['ndjson', 'csv', 'parquet'])('writes the bytes the HTTP export serves (%s)', async (format) => {
    const query = `format=${format}&types=STRIKE_REPORTED,PLEDGE_MADE,PROPOSAL_MADE&upToPosition=21&corrections=raw`;
    const http = new Uint8Array(await (await fetch(`${t.url}/export/events?${query}`)).arrayBuffer());
    const out = path.join(dir, `events.${format}`);
    const { stderr } = await run(
      process.execPath,
      [
        'dist/cli/export.cli.js',
        '--format',
        format,
        '--types',
        'STRIKE_REPORTED,PLEDGE_MADE,PROPOSAL_MADE',
        '--upToPosition',
        '21',
        '--corrections',
        'raw',
        '--out',
        out,
        '--progress',
      ],
      { env },
    );
    expect(stderr).toMatch(/exported 4 events \(0, 21\] as /);
    expect(stderr).toMatch(/\[#+\] 4\/4 events/);
    expect(sha(fs.readFileSync(out))).toBe(sha(http));
  });

  it('writes to stdout without --out', async () => {
    const { stdout } = await run(
      process.execPath,
      ['dist/cli/export.cli.js', '--streamId', 'proposal-30-day-ceasefire'],
      { env },
    );
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['PROPOSAL_MADE', 'PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED']);
  });

  it('refuses bad flags with the flag named, and writes no file', async () => {
    const out = path.join(dir, 'never.csv');
    await expect(
      run(process.execPath, ['dist/cli/export.cli.js', '--format', 'xls', '--out', out], { env }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/format: must be one of ndjson, csv, parquet/),
    });
    await expect(run(process.execPath, ['dist/cli/export.cli.js', '--colour', 'red'], { env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/unknown option --colour/),
    });
    expect(fs.existsSync(out)).toBe(false);
  });
});
