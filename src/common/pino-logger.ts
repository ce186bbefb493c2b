/**
 * Structured logs (pino) behind Nest's LoggerService: JSON lines for machines, or pino-pretty's
 * coloured lines for a person at a terminal (LOG_FORMAT; `auto` picks by whether stdout is a TTY).
 */
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormatSetting } from '../config/app-config.js';

/** The format the logs are written in: `auto` is pretty on a terminal, JSON when piped or collected. */
export function logFormatOf(setting: LogFormatSetting, stdoutIsTty: boolean): 'json' | 'pretty' {
  if (setting === 'auto') return stdoutIsTty ? 'pretty' : 'json';
  return setting;
}

/** The service's logger, writing to `out` (stdout unless given) in the format `format` resolves to for it. */
export function createPino(
  level: string,
  format: LogFormatSetting = 'json',
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const options = { level, base: { service: 'diplomacy-timeline' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (logFormatOf(format, out.isTTY === true) === 'json')
    return pino(options, out === process.stdout ? undefined : out);
  // A stream in this thread, not a transport: lines come out in order with the process's own output, and nothing is lost at exit.
  const colorize = out.isTTY === true;
  return pino(
    options,
    pretty({ destination: out, sync: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }),
  );
}

export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(
    level: 'info' | 'warn' | 'error' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (message && typeof message === 'object' && !(message instanceof Error))
      this.pino[level]({ context, ...message });
    else if (message instanceof Error) this.pino[level]({ context, err: message }, message.message);
    else {
      const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
      this.pino[level]({ context, ...(stack ? { stack } : {}) }, String(message));
    }
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
}
