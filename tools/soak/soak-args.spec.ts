import { HelpRequested } from '../../src/cli/cli-args.js';
import { DEFAULT_MINUTES, DEFAULT_RATE, UsageError, parseSoakArgs } from './soak-args.js';

describe('parseSoakArgs', () => {
  it('defaults to 5 minutes at the default rate, written to the default file', () => {
    expect(parseSoakArgs([], 'BENCHMARKS.md')).toEqual({
      minutes: DEFAULT_MINUTES,
      rate: DEFAULT_RATE,
      out: 'BENCHMARKS.md',
    });
  });

  it('takes decimal minutes and rates, with a space or an equals sign', () => {
    expect(parseSoakArgs(['--minutes', '0.3', '--rate=20', '--out', '/tmp/x.md'], 'B.md')).toEqual({
      minutes: 0.3,
      rate: 20,
      out: '/tmp/x.md',
    });
    expect(parseSoakArgs(['--minutes=12.5', '--rate', '7.5'], 'B.md')).toEqual({
      minutes: 12.5,
      rate: 7.5,
      out: 'B.md',
    });
  });

  it('--no-write prints only', () => {
    expect(parseSoakArgs(['--no-write'], 'B.md').out).toBeNull();
  });

  it('-o is --out; --help and -h ask for the help, with every option', () => {
    expect(parseSoakArgs(['-o', 'x.md'], 'B.md').out).toBe('x.md');
    for (const argv of [['--help'], ['--minutes', '3', '-h']]) {
      const thrown = (() => {
        try {
          parseSoakArgs(argv, 'B.md');
        } catch (error) {
          return error;
        }
      })();
      expect(thrown).toBeInstanceOf(HelpRequested);
      const help = (thrown as HelpRequested).help;
      expect(help).toMatch(/^usage: npm run soak/);
      for (const option of ['--minutes N', '--rate OPS_PER_SECOND', '-o, --out FILE', '--no-write', '-h, --help'])
        expect(help).toContain(option);
      expect(help).toContain(`(default: ${DEFAULT_MINUTES})`);
    }
  });

  it.each([
    [['--minutes', '0'], '--minutes: 0 must be above 0'],
    [['--minutes', '-1'], '--minutes: "-1" is not a positive number'],
    [['--minutes', '--rate', '5'], '--minutes needs a value'],
    [['--minutes', 'five'], '--minutes: "five" is not a positive number'],
    [['--minutes', '1e3'], 'is not a positive number'],
    [['--minutes', '2000'], 'at most 1440'],
    [['--rate', '0'], '--rate: 0 must be above 0'],
    [['--rate'], '--rate needs a value'],
    [['--out'], '--out needs a value'],
    [['--out', '--no-write'], '--out needs a value'],
    [['--out', 'x.md', '--no-write'], '--out and --no-write cannot be combined'],
    [['--no-write=yes'], '--no-write takes no value'],
    [['--fast'], 'unknown argument "--fast"'],
    [['5'], 'unexpected argument "5"'],
  ])('refuses %j: %s', (argv, message) => {
    let thrown: unknown;
    try {
      parseSoakArgs(argv, 'B.md');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).toContain('usage: npm run soak');
  });
});
