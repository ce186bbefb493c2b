import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError as CliArgsUsageError } from './cli-args.js';
import { UsageError, requireReadableFile } from './cli-run.js';

describe('requireReadableFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-run-spec-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes a readable file', () => {
    const file = path.join(dir, 'events.ndjson');
    fs.writeFileSync(file, '{}\n');
    expect(() => requireReadableFile(file)).not.toThrow();
  });

  it('refuses a folder and a missing file as bad usage, saying why', () => {
    expect(() => requireReadableFile(dir)).toThrow(new UsageError(`${dir}: not a file`));
    expect(() => requireReadableFile(path.join(dir, 'missing.ndjson'))).toThrow(
      /missing\.ndjson: cannot be read \(ENOENT\)/,
    );
  });

  it('throws the UsageError of cli-args.ts (one class: every tool exits 2 on it)', () => {
    expect(UsageError).toBe(CliArgsUsageError);
  });
});
