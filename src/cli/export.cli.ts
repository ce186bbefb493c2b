/**
 * npm run export -- [--format ndjson|csv|parquet] [--out FILE] [filters] [--progress]   (--help: the options)
 * Writes the same bytes as GET /export/events with the same parameters (the flags are its query
 * parameters: --types, --actorIds, --streamId, --occurredFrom, --occurredTo, --knownAt,
 * --includeRetracted, --text, --countries, --targetCategories, --means, --sides, --afterPosition,
 * --upToPosition, --corrections, --header). Without --out,
 * to stdout. A progress bar on stderr when it is a terminal (and there is an --out), or with --progress.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type StringOption, parseCli } from './cli-args.js';
import { runCli } from './cli-run.js';
import { Progress, progressBar, progressMode } from './progress.js';

/** The query parameters of GET /export/events, one flag each (src/export/export-query.ts checks them). */
const QUERY_OPTIONS = {
  format: { type: 'string', value: 'ndjson|csv|parquet', description: 'the file format (ndjson unless given)' },
  types: { type: 'string', value: 'TYPES', description: 'only these event types, comma-separated' },
  actorIds: {
    type: 'string',
    value: 'IDS',
    description: 'only events involving these actors or anyone who acts for them, comma-separated',
  },
  streamId: { type: 'string', value: 'ID', description: 'only the events of this stream' },
  occurredFrom: {
    type: 'string',
    value: 'TIME',
    description: 'only events that occurred at or after this time (ISO 8601)',
  },
  occurredTo: { type: 'string', value: 'TIME', description: 'only events that occurred before this time' },
  knownAt: { type: 'string', value: 'TIME', description: 'only what had been recorded by this time' },
  includeRetracted: {
    type: 'string',
    value: 'true|false',
    description: 'false leaves out the events an EVENT_RETRACTED names (true unless --corrections apply)',
  },
  text: { type: 'string', value: 'WORDS', description: 'only events with these words (web-search syntax)' },
  countries: { type: 'string', value: 'CODES', description: 'only strikes in these countries (ISO 3166-1 alpha-2)' },
  targetCategories: {
    type: 'string',
    value: 'CATEGORIES',
    description: 'only strikes on, and pledges about, these target categories',
  },
  means: { type: 'string', value: 'MEANS', description: 'only strikes by these means' },
  sides: {
    type: 'string',
    value: 'IDS',
    description: 'only events whose side (the principal of the primary actor) is one of these',
  },
  afterPosition: {
    type: 'string',
    value: 'N',
    description: 'only events after this position (0 unless given): what is new since an export',
  },
  upToPosition: {
    type: 'string',
    value: 'N',
    description: 'only events up to this position (the head of the log unless given)',
  },
  corrections: {
    type: 'string',
    value: 'raw|apply',
    description: 'raw: the log as it is (the default); apply: each event as corrected, retracted ones left out',
  },
  header: { type: 'string', value: 'true|false', description: 'CSV: false leaves out the header line' },
} as const satisfies Record<string, StringOption>;

const cli = parseCli({
  command: 'npm run export',
  usage: 'npm run export -- [--format ndjson|csv|parquet] [--out FILE] [filters] [--progress]',
  summary: 'Writes the events as GET /export/events does, byte for byte: the flags are its query parameters.',
  options: {
    ...QUERY_OPTIONS,
    out: { type: 'string', short: 'o', value: 'FILE', description: 'the file to write (stdout unless given)' },
    progress: {
      type: 'boolean',
      description: 'a progress bar on stderr even when it is not a terminal or there is no --out',
    },
  },
  notes:
    'DATABASE_URL or DATA_DIR choose the database. Exit code 0; 1 when a parameter is refused or the export fails; 2 for bad usage.',
});

void runCli(async () => {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(QUERY_OPTIONS) as Array<keyof typeof QUERY_OPTIONS>) {
    const value = cli.values[name];
    if (value !== undefined) raw[name] = value;
  }
  const { parseExportQuery } = await import('../export/export-query.js');
  const q = parseExportQuery(raw);
  const out = cli.values.out;
  const progress = new Progress({
    label: 'export',
    mode: cli.values.progress || out !== undefined ? progressMode(process.stderr, cli.values.progress) : 'off',
  });
  const [
    { ActorEntity },
    { ActorsService },
    { ReadDatabase },
    { EventQueryService },
    { EventStoreService },
    { EventExportService, exportMetadata },
    { encodeExport },
    { openCliDatabase },
  ] = await Promise.all([
    import('../actors/actor.entity.js'),
    import('../actors/actors.service.js'),
    import('../database/read-database.js'),
    import('../events/event-query.service.js'),
    import('../events/event-store.service.js'),
    import('../export/event-export.service.js'),
    import('../export/export-encoder.js'),
    import('./cli-database.js'),
  ]);
  const cliDb = await openCliDatabase();
  try {
    const query = new EventQueryService(
      new ReadDatabase(cliDb.db),
      new ActorsService(cliDb.db.getRepository(ActorEntity)),
    );
    const exporter = new EventExportService(query, new EventStoreService(cliDb.db));
    const plan = await exporter.plan(q);
    const total =
      progress.mode !== 'off'
        ? await query.countRange({ ...q.filter, amendmentsUpTo: plan.upToPosition }, q.afterPosition, plan.upToPosition)
        : 0;
    let done = 0;
    async function* counted() {
      for await (const event of plan.records) {
        done++;
        if (done % 1000 === 0) progress.update(() => `${progressBar(done, total)} events`);
        yield event;
      }
    }
    const target = out === undefined ? process.stdout : fs.createWriteStream(out);
    await pipeline(Readable.from(encodeExport(counted(), q, exportMetadata(q, plan))), target);
    progress.done(`${progressBar(done, total)} events`);
    process.stderr.write(
      `exported ${done} events (${plan.afterPosition}, ${plan.upToPosition}] as ${q.format}${out ? ` to ${out}` : ''}\n`,
    );
  } finally {
    progress.done();
    await cliDb.close();
  }
});
