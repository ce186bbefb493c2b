import { UsageError, parseFlags } from './cli-database.js';

describe('parseFlags', () => {
  it('takes --name value and --name=value', () => {
    expect(parseFlags(['--format', 'csv', '--out=events.csv', '--progress'], ['format', 'out', 'progress'])).toEqual({ format: 'csv', out: 'events.csv', progress: true });
  });

  it('keeps every "=" of an inline value after the first (a file name or a value may hold them)', () => {
    expect(parseFlags(['--out=a=b.csv', '--streamId==x='], ['out', 'streamId'])).toEqual({ out: 'a=b.csv', streamId: '=x=' });
  });

  it('refuses an unknown flag, with its name', () => {
    expect(() => parseFlags(['--out../x=1'], ['out'])).toThrow(UsageError);
    expect(() => parseFlags(['--colour=red'], ['out'])).toThrow(/unknown option --colour/);
  });
});
