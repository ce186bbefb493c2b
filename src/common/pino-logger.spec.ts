import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { createPino, logFormatOf } from './pino-logger.js';
import { ConfigError, loadConfig } from '../config/app-config.js';

describe('the log format', () => {
  it('is pretty on a terminal and JSON otherwise when LOG_FORMAT is not set', () => {
    const setting = loadConfig({}).logFormat;
    expect(setting).toBe('auto');
    expect(logFormatOf(setting, true)).toBe('pretty');
    expect(logFormatOf(setting, false)).toBe('json');
  });

  it('is what LOG_FORMAT says, terminal or not', () => {
    for (const tty of [true, false]) {
      expect(logFormatOf(loadConfig({ LOG_FORMAT: 'json' }).logFormat, tty)).toBe('json');
      expect(logFormatOf(loadConfig({ LOG_FORMAT: 'PRETTY' }).logFormat, tty)).toBe('pretty');
    }
  });

  it('refuses another LOG_FORMAT, naming the variable', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(
      new ConfigError('LOG_FORMAT: must be json, pretty or auto, got "xml"'),
    );
  });
});

describe('createPino', () => {
  /** A stream that keeps what is written, and says whether it is a terminal. */
  function sink(isTTY: boolean): Writable & { isTTY: boolean; text(): string } {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    return Object.assign(stream, { isTTY, text: () => chunks.join('') });
  }

  it('writes JSON lines when not on a terminal', () => {
    const out = sink(false);
    createPino('info', 'auto', out).info({ requestId: 'r-1' }, 'request');
    expect(JSON.parse(out.text().trim())).toMatchObject({ level: 30, msg: 'request', requestId: 'r-1' });
  });

  it('writes readable lines on a terminal: level and message, then the fields', () => {
    const out = sink(true);
    createPino('info', 'auto', out).info({ requestId: 'r-1' }, 'request');
    const text = stripVTControlCharacters(out.text());
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request\n\s+requestId: "r-1"\n$/);
  });
});
