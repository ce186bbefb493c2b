/**
 * Bulk import of actors from NDJSON lines `{ id, name, kind, represents? }` (the lines of
 * GET /export/actors), with registerActor's semantics: an identical registration is fine, a
 * different one for a registered id is refused.
 *
 * Everything is checked before anything is written: each line's shape, ids repeated in the file
 * with other content, conflicts with registered actors, and `represents` naming an actor that is
 * registered or in the file (in any order: the file is registered principals first). One error and
 * nothing is written. Actor files are small; the lines are held in memory (at most MAX_ACTOR_LINES).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActorsService } from '../actors/actors.service.js';
import { type ActorLine, type LineError, MAX_LINE_BYTES, parseActorLine, readLines } from './import-line.js';
import { MAX_REPORTED_ERRORS } from './event-importer.js';

export const MAX_ACTOR_LINES = 100_000;

export interface ActorImportReport {
  ok: boolean;
  dryRun: boolean;
  lines: number;
  actorLines: number;
  /** Newly registered by this run. */
  registered: number;
  alreadyRegistered: number;
  /** Lines that repeat an earlier line of the file exactly (registered once). */
  repeatedLines: number;
  notWritten: number;
  errorCount: number;
  errors: LineError[];
  message: string;
}

@Injectable()
export class ActorImporter {
  constructor(@Inject(ActorsService) private readonly actors: ActorsService) {}

  async import(
    input: AsyncIterable<Uint8Array | string>,
    options: { dryRun?: boolean } = {},
  ): Promise<ActorImportReport> {
    const report: ActorImportReport = {
      ok: false,
      dryRun: options.dryRun ?? false,
      lines: 0,
      actorLines: 0,
      registered: 0,
      alreadyRegistered: 0,
      repeatedLines: 0,
      notWritten: 0,
      errorCount: 0,
      errors: [],
      message: '',
    };
    const add = (errors: LineError[]) => {
      report.errorCount += errors.length;
      for (const e of errors) if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(e);
    };
    const byId = new Map<string, ActorLine>();
    for await (const raw of readLines(input, MAX_LINE_BYTES)) {
      report.lines = raw.line;
      const parsed = parseActorLine(raw);
      if (parsed.kind === 'blank') continue;
      report.actorLines++;
      if (parsed.kind === 'error') {
        add(parsed.errors);
        continue;
      }
      const actor = parsed.value;
      const earlier = byId.get(actor.id);
      if (earlier) {
        if (!same(earlier, actor))
          add([
            {
              line: actor.line,
              path: 'id',
              reason: `repeats actor "${actor.id}" of line ${earlier.line} with other content`,
            },
          ]);
        else report.repeatedLines++;
        continue;
      }
      if (byId.size >= MAX_ACTOR_LINES) {
        add([
          { line: actor.line, path: '', reason: `more than ${MAX_ACTOR_LINES} actors in one import; split the file` },
        ]);
        break;
      }
      byId.set(actor.id, actor);
    }
    const lines = [...byId.values()];
    const existing = await this.actors.byIds(
      [...new Set(lines.flatMap((a) => (a.represents ? [a.id, a.represents] : [a.id])))],
      { primary: true },
    );
    for (const actor of lines) {
      const stored = existing.get(actor.id);
      if (stored && !same(stored, actor)) {
        add([
          {
            line: actor.line,
            path: 'id',
            reason: `actor "${actor.id}" is already registered as ${stored.kind} "${stored.name}"${stored.represents ? ` representing "${stored.represents}"` : ''}; registration is immutable`,
          },
        ]);
      }
      if (actor.represents && !byId.has(actor.represents) && !existing.has(actor.represents)) {
        add([
          {
            line: actor.line,
            path: 'represents',
            reason: `unknown actor "${actor.represents}" (neither registered nor in the file)`,
          },
        ]);
      }
    }
    // Principals first: an actor is registered once the one it represents is.
    const order: ActorLine[] = [];
    const placed = new Set<string>();
    let rest = lines;
    while (rest.length > 0) {
      const ready = rest.filter(
        (a) => !a.represents || placed.has(a.represents) || (existing.has(a.represents) && !byId.has(a.represents)),
      );
      if (ready.length === 0) {
        for (const a of rest)
          if (byId.has(a.represents ?? ''))
            add([
              {
                line: a.line,
                path: 'represents',
                reason: `is part of a cycle of represents ("${a.id}" → "${a.represents}")`,
              },
            ]);
        break;
      }
      for (const a of ready) {
        order.push(a);
        placed.add(a.id);
      }
      rest = rest.filter((a) => !placed.has(a.id));
    }
    report.errors.sort((a, b) => a.line - b.line);
    if (report.errorCount > 0 || report.dryRun) {
      report.notWritten = report.actorLines;
    } else {
      for (const actor of order) {
        try {
          const { created } = await this.actors.register(
            { id: actor.id, name: actor.name, kind: actor.kind, represents: actor.represents },
            `line ${actor.line}`,
          );
          if (created) report.registered++;
          else report.alreadyRegistered++;
        } catch (error) {
          add([{ line: actor.line, path: '', reason: error instanceof Error ? error.message : String(error) }]);
          break;
        }
      }
      report.notWritten = report.actorLines - report.repeatedLines - report.registered - report.alreadyRegistered;
    }
    report.ok = report.errorCount === 0;
    report.message =
      report.errorCount > 0 && report.registered + report.alreadyRegistered === 0
        ? `${report.errorCount} error(s) in ${report.actorLines} actor line(s); nothing written`
        : report.dryRun
          ? `dry run: ${report.actorLines} actor line(s) valid; nothing written`
          : `${report.registered} actor(s) registered, ${report.alreadyRegistered} already registered${report.notWritten ? `, ${report.notWritten} not written` : ''}`;
    return report;
  }
}

function same(
  a: { name: string; kind: string; represents: string | null },
  b: { name: string; kind: string; represents: string | null },
): boolean {
  return a.name === b.name && a.kind === b.kind && (a.represents ?? null) === (b.represents ?? null);
}
