/**
 * npm run export -- --format ndjson|csv|parquet [--out FILE] [filters]
 * Writes the same bytes as GET /export/events with the same parameters (the flags are its query
 * parameters: --types, --actorIds, --streamId, --occurredFrom, --occurredTo, --knownAt,
 * --includeRetracted, --afterPosition, --upToPosition, --corrections, --header). Without --out,
 * to stdout. A progress bar on stderr when it is a terminal (or with --progress).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ActorEntity } from '../actors/actor.entity.js';
import { ActorsService } from '../actors/actors.service.js';
import { EventQueryService } from '../events/event-query.service.js';
import { EventStoreService } from '../events/event-store.service.js';
import { EventExportService, exportMetadata } from '../export/event-export.service.js';
import { encodeExport } from '../export/export-encoder.js';
import { parseExportQuery } from '../export/export-query.js';
import { UsageError, openCliDatabase, parseFlags, runCli } from './cli-database.js';

const QUERY_FLAGS = ['format', 'types', 'actorIds', 'streamId', 'occurredFrom', 'occurredTo', 'knownAt', 'includeRetracted', 'afterPosition', 'upToPosition', 'corrections', 'header'];

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : width;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} events`;
}

void runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), [...QUERY_FLAGS, 'out', 'progress']);
  const raw: Record<string, string> = {};
  for (const name of QUERY_FLAGS) {
    const value = flags[name];
    if (value === true) throw new UsageError(`--${name} needs a value`);
    if (value !== undefined) raw[name] = value;
  }
  const q = parseExportQuery(raw);
  const out = flags.out;
  if (out === true) throw new UsageError('--out needs a file name');
  const progress = flags.progress === true || (process.stderr.isTTY && out !== undefined);
  const cli = await openCliDatabase();
  try {
    const query = new EventQueryService(cli.db, new ActorsService(cli.db.getRepository(ActorEntity)));
    const exporter = new EventExportService(query, new EventStoreService(cli.db));
    const plan = await exporter.plan(q);
    const total = progress ? await (await query.page({ ...q.filter, amendmentsUpTo: plan.upToPosition }, 'POSITION_ASC', { first: 0 })).count() : 0;
    let done = 0;
    async function* counted() {
      for await (const event of plan.records) {
        done++;
        if (progress && done % 1000 === 0) process.stderr.write(bar(done, total));
        yield event;
      }
    }
    const target = out === undefined ? process.stdout : fs.createWriteStream(out);
    await pipeline(Readable.from(encodeExport(counted(), q, exportMetadata(q, plan))), target);
    if (progress) process.stderr.write(`${bar(done, total)}\n`);
    process.stderr.write(`exported ${done} events (${plan.afterPosition}, ${plan.upToPosition}] as ${q.format}${out ? ` to ${out}` : ''}\n`);
  } finally {
    await cli.close();
  }
});
