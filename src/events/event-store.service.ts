/**
 * The event store: validated, atomic, idempotent appends to the append-only `events` table.
 *
 * An append is checked in full before anything is written (envelope and payloads, then actors,
 * referenced events and streams in the database, in one look-up). The write is one statement that
 * takes positions from the one-row `log_head` and inserts the rows: the row lock is held to commit,
 * so positions are contiguous and in commit order, and a rollback gives them back. It runs
 * optimistically first (the unique (stream, version) catches a concurrent append to the same
 * stream), then, after a race, inside a transaction holding the streams' advisory locks.
 */
import crypto from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, type FieldError, ValidationFailed } from '../common/domain-error.js';
import {
  type CorrectedPayload,
  type EventInBatch,
  checkStreams,
  checkSubjects,
  correctedReportErrors,
  eventRefProblem,
  sameContent,
  searchText,
  subjectNeeds,
  uniqueViolation,
  wrongVersion,
} from './append/append-checks.js';
import { type PreparedEvent, checkAppendEnvelope } from './append/append-envelope.validation.js';
import { type AppendInput, type Appender, provenanceOf } from './append/append-input.js';
import { actorIdsOf } from './catalogue/event-actors.js';
import { cameoCode } from './catalogue/event-codes.js';
import { summarize } from './catalogue/event-summary.js';
import { type Ref, validatePayload } from './catalogue/payload-validation.js';
import { ALL_EVENT_FIELDS, valuesOf } from './catalogue/ref-fields.js';
import { isUuid } from './catalogue/value-checks.js';
import { EventAppendRepository, type NewRow, type ReferencedEvent } from './event-append.repository.js';
import type { EventMetadata, StoredEvent } from './event.js';
import { EventsRepository } from './events.repository.js';
import { typedData } from './typed-data.js';
import { Metrics } from '../metrics/metrics.js';

export { EVENTS_CHANNEL } from './event-append.repository.js';
export { wrongVersion };

export interface AppendOutcome {
  streamId: string;
  streamVersion: number;
  firstPosition: string;
  lastPosition: string;
  /** The stored events (empty when appendAll was asked not to return them). */
  events: StoredEvent[];
  /** False when every event was already stored (an idempotent retry). */
  appended: boolean;
}

const MAX_ATTEMPTS = 5;

@Injectable()
export class EventStoreService {
  private readonly logger = new Logger(EventStoreService.name);

  private readonly events: EventsRepository;
  private readonly appends: EventAppendRepository;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    // The tools (CLIs) construct the store without metrics.
    @Optional() @Inject(Metrics) private readonly metrics: Metrics | null = null,
  ) {
    this.events = new EventsRepository(db);
    this.appends = new EventAppendRepository(db);
  }

  /**
   * One append: its events go to one stream, atomically. `returnEvents` false: the write returns
   * only positions (no stored rows to read back), and `events` is empty unless it was a retry.
   */
  async append(
    input: AppendInput,
    appender: Appender,
    options: { returnEvents?: boolean } = {},
  ): Promise<AppendOutcome> {
    const [outcome] = await this.appendAll([input], appender, options);
    return outcome;
  }

  /**
   * Several appends in one transaction (bulk import): all are written or none. Each input keeps its
   * own checks (expectedVersion, idempotent retry); an input may reference events and streams of the
   * inputs before it. With more than one input, error paths start with `inputs[k].`.
   */
  async appendAll(
    batch: AppendInput[] | PreparedAppends,
    appender: Appender,
    options: { returnEvents?: boolean } = {},
  ): Promise<AppendOutcome[]> {
    const inputs = batch instanceof PreparedAppends ? batch.inputs : batch;
    try {
      const outcomes = await this.appendWithRetries(batch, appender, options);
      this.committed(inputs, outcomes);
      return outcomes;
    } catch (error) {
      this.failed(error);
      throw error;
    }
  }

  /**
   * Counts (metrics) the events of `outcomes` that were appended, idempotent retries left out. The
   * callers of appendAllInTransaction call it once their transaction has committed.
   */
  committed(inputs: AppendInput[], outcomes: AppendOutcome[]): void {
    if (!this.metrics) return;
    for (const [k, outcome] of outcomes.entries())
      if (outcome.appended) this.metrics.recordAppended(inputs[k].events.map((event) => event.type));
  }

  /** Counts (metrics) an append that was refused or failed; callers of appendAllInTransaction call it when theirs did. */
  failed(error: unknown): void {
    this.metrics?.recordAppendFailure(error);
  }

  private async appendWithRetries(
    batch: AppendInput[] | PreparedAppends,
    appender: Appender,
    options: { returnEvents?: boolean },
  ): Promise<AppendOutcome[]> {
    const segments = segmentsOf(batch);
    // The first attempt is optimistic: no look-up of ids, no locks, one statement (two round trips in
    // all). A unique violation (an id or a stream version taken meanwhile) sends it round again, and
    // the later rounds look ids up (idempotent retries) and take the streams' locks.
    for (let attempt = 1; ; attempt++) {
      const retries = attempt === 1 ? segments.map(() => null) : await this.findRetries(segments);
      const pending = segments.filter((segment) => !retries[segment.k]);
      if (pending.length === 0) return retries as AppendOutcome[];
      const resolved = await this.resolveReferences(pending);
      try {
        const written = await this.write(pending, resolved, appender, options.returnEvents ?? true, attempt > 1);
        return segments.map((segment) => retries[segment.k] ?? (written.get(segment.k) as AppendOutcome));
      } catch (error) {
        // A concurrent twin of this very batch committed first: answer as a retry would.
        if (error instanceof DomainError && error.code === 'WRONG_EXPECTED_VERSION') {
          const again = await this.findRetries(segments);
          if (again.every(Boolean)) return again as AppendOutcome[];
        }
        if (uniqueViolation(error) && attempt < MAX_ATTEMPTS) {
          this.logger.debug(
            `append to ${segments.map((s) => s.input.streamId).join(', ')} raced on ${uniqueViolation(error)}; attempt ${attempt + 1}`,
          );
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * What `append` would do, writing nothing: every check it makes (the envelope and payloads, then
   * actors, referenced events, streams and the expected version against the log as it is now), and
   * the events it would append, with their summaries, codes, actors and the versions they would
   * take. Their positions and recordedAt are what they would be if appended at once (another
   * append may come first). An input whose events are all stored already answers those
   * (`alreadyStored`), as append's idempotent retry would.
   */
  async preview(input: AppendInput, appender: Appender): Promise<Preview> {
    const segments = segmentsOf([input]);
    const [retry] = await this.findRetries(segments);
    if (retry) return { ...retry, alreadyStored: true };
    const resolved = await this.resolveReferences(segments);
    const version = resolved.versions.get(input.streamId) ?? 0;
    checkExpected(segments[0], version, false);
    const head = BigInt(await this.events.lastPosition());
    const recordedAt = new Date();
    const rows = rowsOf(segments[0], resolved.rows[0], version, appender, input.correlationId ?? crypto.randomUUID());
    const events = rows.map(
      (row, i): StoredEvent =>
        ({
          ...row,
          position: String(head + BigInt(i + 1)),
          schemaVersion: 1,
          recordedAt,
        }) as StoredEvent,
    );
    return {
      streamId: input.streamId,
      streamVersion: version + events.length,
      firstPosition: events[0].position,
      lastPosition: events[events.length - 1].position,
      events,
      appended: false,
      alreadyStored: false,
    };
  }

  /**
   * Appends inside the caller's transaction (`tx`), so that they commit or roll back with what the
   * caller writes beside them (a draft's approval; an import's rehearsal). Everything is read in
   * that transaction (it sees what it wrote before) and the streams' locks are taken at once: a
   * stale expected version is refused (WRONG_EXPECTED_VERSION), never retried here.
   */
  async appendAllInTransaction(
    tx: EntityManager,
    batch: AppendInput[] | PreparedAppends,
    appender: Appender,
    options: { returnEvents?: boolean } = {},
  ): Promise<AppendOutcome[]> {
    const segments = segmentsOf(batch);
    const events = new EventsRepository(tx);
    const appends = new EventAppendRepository(tx);
    const retries = await this.findRetries(segments, events);
    const pending = segments.filter((segment) => !retries[segment.k]);
    if (pending.length === 0) return retries as AppendOutcome[];
    const resolved = await this.resolveReferences(pending, appends);
    const versions = await appends.lockStreams(tx, [...new Set(pending.map((s) => s.input.streamId))]);
    const written = await this.insert(tx, pending, resolved.rows, versions, appender, options.returnEvents ?? true);
    return segments.map((segment) => retries[segment.k] ?? (written.get(segment.k) as AppendOutcome));
  }

  /**
   * Runs `work` in a transaction that is always rolled back: whatever it appends is checked exactly
   * as a real append would be, and then never was (its positions are given back). The log's head
   * stays locked while it runs, so other appends wait: rehearse what must be exact, not for fun.
   */
  async rehearse<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      return await work(runner.manager);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }

  /** The events with these ids, in no particular order. */
  findByIds(ids: string[], tx?: EntityManager): Promise<StoredEvent[]> {
    return (tx ? new EventsRepository(tx) : this.events).byIds(ids);
  }

  /**
   * The checks of appendAll that need no database (envelope and payloads, ids repeated in the
   * batch), done ahead of the write: a bulk import checks its next chunk while the statements of
   * this one run. Inputs are checked whole, one after another, and the event loop is served once
   * at least `slice` events have been checked since it last was (an input of 500 events is one
   * block). Refuses with ValidationFailed as appendAll would; appendAll and
   * appendAllInTransaction take the result instead of the inputs and skip these checks. Use it
   * once: the ids it gave events without one are its own, and its inputs must not change after.
   */
  async prepareAppends(inputs: AppendInput[], slice = 50): Promise<PreparedAppends> {
    const preparation = new Preparation(inputs.length);
    let since = 0;
    for (const [k, input] of inputs.entries()) {
      preparation.add(input, k);
      since += Array.isArray(input.events) ? input.events.length : 1;
      if (since >= slice && k + 1 < inputs.length) {
        since = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return new PreparedAppends(PREPARED, inputs, preparation.finish());
  }

  /** Refreshes the planner's statistics of the log (after a bulk load, before autovacuum would). */
  analyze(): Promise<void> {
    return this.events.analyze();
  }

  lastPosition(): Promise<string> {
    return this.events.lastPosition();
  }

  /**
   * Idempotency by event id, per input: when every event of an input is stored with the same
   * content, the stored events are its answer (indexed by input). An id stored with other content is an error.
   */
  private async findRetries(
    segments: Segment[],
    events: EventsRepository = this.events,
  ): Promise<Array<AppendOutcome | null>> {
    const given = segments.flatMap((segment) =>
      segment.events.filter((event) => event.idGiven).map((event) => event.id),
    );
    const stored = new Map((await events.byIds(given)).map((event) => [event.id, event]));
    const conflicts: FieldError[] = [];
    const answers = segments.map((segment) => {
      const { events, prefix } = segment;
      const streamId = segment.input.streamId;
      if (!events.some((event) => stored.has(event.id))) return null;
      for (const event of events) {
        const existing = stored.get(event.id);
        if (!existing) {
          conflicts.push({
            path: `${prefix}${event.path}.id`,
            reason: 'is new, but other events of this batch are already stored: resend the batch as it was first sent',
          });
        } else if (!sameContent(existing, streamId, event)) {
          conflicts.push({
            path: `${prefix}${event.path}.id`,
            reason: `is already stored (position ${existing.position}) with other content`,
          });
        }
      }
      const ordered = events.map((event) => stored.get(event.id) as StoredEvent);
      return {
        streamId,
        // The answer the first send got, whatever was appended since.
        streamVersion: Math.max(...ordered.map((e) => e?.streamVersion ?? 0)),
        firstPosition: ordered.reduce(
          (min, e) => (e && (min === '0' || BigInt(e.position) < BigInt(min)) ? e.position : min),
          '0',
        ),
        lastPosition: ordered.reduce((max, e) => (e && BigInt(e.position) > BigInt(max) ? e.position : max), '0'),
        events: ordered,
        appended: false,
      };
    });
    if (conflicts.length > 0) {
      throw new DomainError('DUPLICATE_EVENT_ID', conflicts.map((c) => `${c.path}: ${c.reason}`).join('; '), {
        errors: conflicts,
      });
    }
    return answers;
  }

  /** Checks actors, referenced events and streams; builds the derived columns of each row (per input). */
  private async resolveReferences(
    segments: Segment[],
    appends: EventAppendRepository = this.appends,
  ): Promise<Resolved> {
    const errors: FieldError[] = [];
    const all = segments.flatMap((segment) => segment.events.map((event) => ({ segment, event })));
    // The events named by the payloads, and by the payloads inside corrections (whose type is known
    // only once the corrected event is: every event field of the catalogue is tried).
    const named = all.flatMap(({ event }) => [
      ...event.check.eventRefs.map((ref) => ref.id),
      ...(event.type === 'EVENT_CORRECTED'
        ? valuesOf(event.data.data, ALL_EVENT_FIELDS).flatMap(({ value }) => (isUuid(value) ? [value] : []))
        : []),
    ]);
    const eventIds = [...new Set(named.map((id) => id.toLowerCase()))];
    const referenced = new Map((await appends.referencedEvents(eventIds)).map((event) => [event.id, event]));
    // Events of the batch, by id, with their place in it: an event may name the ones before it.
    const inBatch = new Map(
      all.map(({ segment, event }, order) => [
        event.id,
        {
          order,
          ref: {
            id: event.id,
            type: event.type,
            streamId: segment.input.streamId,
            actorIds: actorIdsOf(event.type, event.data),
            occurredAt: event.occurredAt,
            occurredPrecision: event.occurredPrecision,
            data: event.data,
          },
        },
      ]),
    );
    const targetOf = (id: string, order: number): ReferencedEvent | undefined => {
      const earlier = inBatch.get(id);
      if (earlier && earlier.order < order) return earlier.ref;
      return referenced.get(id);
    };
    // Corrected payloads are checked against the type of the event they correct.
    const correctionChecks = new Map<number, ReturnType<typeof validatePayload>>();
    // The valid ones, with what the stream rules need of them.
    const corrected = new Map<number, CorrectedPayload>();
    all.forEach(({ segment, event }, order) => {
      const at = (path: string) => segment.prefix + path;
      const streamId = segment.input.streamId;
      const checkRefs = (refs: readonly Ref[]) => {
        for (const ref of refs) {
          const problem = eventRefProblem(ref, targetOf(ref.id.toLowerCase(), order));
          if (problem !== null) errors.push({ path: at(ref.path), reason: problem });
        }
      };
      checkRefs(event.check.eventRefs);
      if (event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED') {
        const key = event.type === 'EVENT_CORRECTED' ? 'correctedEventId' : 'retractedEventId';
        const target = targetOf(String(event.data[key]).toLowerCase(), order);
        if (target) {
          if (target.type === 'EVENT_CORRECTED' || target.type === 'EVENT_RETRACTED') {
            errors.push({
              path: at(`${event.path}.data.${key}`),
              reason: 'names a correction or retraction; name the original event',
            });
          } else if (target.streamId !== streamId) {
            errors.push({
              path: at(`${event.path}.data.${key}`),
              reason: `names an event of stream "${target.streamId}"; append this to that stream`,
            });
          } else if (event.type === 'EVENT_CORRECTED') {
            let valid = true;
            if (event.data.data !== undefined) {
              const path = `${event.path}.data.data`;
              const check = validatePayload(target.type, event.data.data, path);
              errors.push(...check.errors.map((e) => ({ path: at(e.path), reason: e.reason })));
              checkRefs(check.eventRefs);
              correctionChecks.set(order, check);
              valid = check.errors.length === 0;
              if (valid)
                corrected.set(order, {
                  eventId: target.id,
                  type: target.type,
                  data: event.data.data as Record<string, unknown>,
                  check,
                  path,
                });
            }
            if (valid)
              for (const e of correctedReportErrors(event, target)) errors.push({ path: at(e.path), reason: e.reason });
          }
        }
      }
    });
    const actorRefs = [
      ...all.flatMap(({ segment, event }) =>
        event.check.actorRefs.map((ref) => ({ ...ref, path: segment.prefix + ref.path })),
      ),
      ...[...correctionChecks.entries()].flatMap(([order, check]) =>
        check.actorRefs.map((ref) => ({ ...ref, path: all[order].segment.prefix + ref.path })),
      ),
    ];
    const batch: EventInBatch[] = all.map(({ segment, event }, order) => ({
      streamId: segment.input.streamId,
      prefix: segment.prefix,
      event,
      correction: corrected.get(order),
    }));
    const { names, streams, subjects, principals } = await appends.lookUp(
      [...new Set(actorRefs.map((r) => r.id))],
      [
        ...new Set(
          batch.flatMap(({ streamId, event, correction }) => [
            streamId,
            ...event.check.streamRefs.map((r) => r.id),
            ...(correction?.check.streamRefs.map((r) => r.id) ?? []),
          ]),
        ),
      ],
      subjectNeeds(batch),
    );
    for (const ref of actorRefs)
      if (!names.has(ref.id)) errors.push({ path: ref.path, reason: `unknown actor "${ref.id}"` });
    checkStreams(batch, streams, errors);
    const contexts = checkSubjects(batch, subjects, principals, errors);
    if (errors.length > 0) throw new ValidationFailed(errors);
    const rows = all.map(({ event }, order) => {
      const typed = typedData(event.type, event.data);
      const summary = summarize(typed, (id) => names.get(id) ?? id);
      const correctionCheck = correctionChecks.get(order);
      const refKey =
        event.type === 'EVENT_CORRECTED'
          ? 'correctedEventId'
          : event.type === 'EVENT_RETRACTED'
            ? 'retractedEventId'
            : null;
      const refEventId = refKey ? String(event.data[refKey]).toLowerCase() : null;
      const actorIds = new Set(actorIdsOf(event.type, event.data));
      if (refEventId) for (const id of targetOf(refEventId, order)?.actorIds ?? []) actorIds.add(id);
      for (const ref of correctionCheck?.actorRefs ?? []) actorIds.add(ref.id);
      return {
        summary,
        cameoCode: cameoCode(typed, contexts[order]),
        actorIds: [...actorIds],
        refEventId,
        searchText: searchText(summary, event),
      };
    });
    let next = 0;
    const versions = new Map([...streams].map(([id, stream]) => [id, stream.version]));
    return { rows: segments.map((segment) => rows.slice(next, (next += segment.events.length))), versions };
  }

  /**
   * The write. Optimistic (`locked` false): with the versions the look-up read, no transaction
   * around it; an append to the same stream committed since makes it fail on the unique (stream,
   * version) and the caller goes round again. Locked: the versions are read again under the
   * streams' locks, in a transaction, so they cannot go stale.
   */
  private write(
    segments: Segment[],
    resolved: Resolved,
    appender: Appender,
    returnEvents: boolean,
    locked: boolean,
  ): Promise<Map<number, AppendOutcome>> {
    if (!locked) return this.insert(null, segments, resolved.rows, resolved.versions, appender, returnEvents);
    const streams = [...new Set(segments.map((s) => s.input.streamId))];
    return this.appends.withStreamLocks(streams, (manager, versions) =>
      this.insert(manager, segments, resolved.rows, versions, appender, returnEvents),
    );
  }

  private async insert(
    runner: EntityManager | null,
    segments: Segment[],
    derived: InsertRow[][],
    current: Map<string, number>,
    appender: Appender,
    returnEvents: boolean,
  ): Promise<Map<number, AppendOutcome>> {
    const versions = new Map(current);
    const endVersions = new Map<number, number>();
    const rows: NewRow[] = [];
    segments.forEach((segment, s) => {
      const { input } = segment;
      const version = versions.get(input.streamId) ?? 0;
      checkExpected(segment, version, segments.length > 1);
      versions.set(input.streamId, version + segment.events.length);
      endVersions.set(segment.k, version + segment.events.length);
      rows.push(...rowsOf(segment, derived[s], version, appender, input.correlationId ?? crypto.randomUUID()));
    });
    const inserted = new Map((await this.appends.insert(runner, rows, returnEvents)).map((row) => [row.id, row]));
    const written = (id: string) => {
      const row = inserted.get(id);
      if (!row) throw new Error(`event ${id} was not written`);
      return row;
    };
    const last = [...inserted.values()].reduce(
      (max, row) => (BigInt(row.position) > BigInt(max) ? row.position : max),
      '0',
    );
    const streams = [...new Set(segments.map((s) => s.input.streamId))];
    this.logger.log({
      msg: 'appended',
      stream: streams.length === 1 ? streams[0] : `${streams.length} streams`,
      position: last,
      count: inserted.size,
      by: appender.keyName,
    });
    const outcomes = new Map<number, AppendOutcome>();
    for (const segment of segments) {
      const ids = segment.events.map((event) => event.id);
      outcomes.set(segment.k, {
        streamId: segment.input.streamId,
        streamVersion: endVersions.get(segment.k) ?? 0,
        firstPosition: written(ids[0]).position,
        lastPosition: written(ids[ids.length - 1]).position,
        events: returnEvents
          ? ids.map((id) => written(id).event).filter((event): event is StoredEvent => event !== null)
          : [],
        appended: true,
      });
    }
    return outcomes;
  }
}

interface Resolved {
  /** The derived columns of each input's events. */
  rows: InsertRow[][];
  /** The version of each stream that exists, as the look-up read it. */
  versions: Map<string, number>;
}

interface Segment {
  input: AppendInput;
  /** The input's place in the batch. */
  k: number;
  /** `inputs[k].` when the batch has several inputs, else '': the start of its error paths. */
  prefix: string;
  events: PreparedEvent[];
}

interface InsertRow {
  summary: string;
  cameoCode: string | null;
  actorIds: string[];
  refEventId: string | null;
  searchText: string;
}

/** Only prepareAppends makes a PreparedAppends: a batch that skips the checks cannot be made up elsewhere. */
const PREPARED = Symbol('prepared by EventStoreService.prepareAppends');

/** A batch whose database-free checks passed (EventStoreService.prepareAppends): appendAll skips them. */
export class PreparedAppends {
  constructor(
    token: symbol,
    readonly inputs: AppendInput[],
    readonly segments: Segment[],
  ) {
    if (token !== PREPARED) throw new Error('a PreparedAppends is made by EventStoreService.prepareAppends only');
  }
}

/** The envelope checks of every input, as segments, an input at a time; every error of every input at once. */
class Preparation {
  private readonly errors: FieldError[] = [];
  private readonly seen = new Map<string, string>();
  private readonly segments: Segment[] = [];

  constructor(private readonly size: number) {}

  add(input: AppendInput, k: number): void {
    const prefix = this.size > 1 ? `inputs[${k}].` : '';
    const check = checkAppendEnvelope(input);
    this.errors.push(...check.errors.map((e) => ({ path: prefix + e.path, reason: e.reason })));
    for (const event of check.events) {
      const earlier = this.seen.get(event.id);
      if (earlier !== undefined && this.size > 1)
        this.errors.push({ path: `${prefix}${event.path}.id`, reason: `repeats the id of ${earlier}` });
      this.seen.set(event.id, prefix + event.path);
    }
    this.segments.push({ input, k, prefix, events: check.events });
  }

  finish(): Segment[] {
    if (this.errors.length > 0) throw new ValidationFailed(this.errors);
    return this.segments;
  }
}

/** The segments of a batch: checked now, or by prepareAppends before. */
function segmentsOf(batch: AppendInput[] | PreparedAppends): Segment[] {
  if (batch instanceof PreparedAppends) return batch.segments;
  const preparation = new Preparation(batch.length);
  batch.forEach((input, k) => preparation.add(input, k));
  return preparation.finish();
}

/** Refuses an input whose expectedVersion is not the stream's version. */
function checkExpected(segment: Segment, version: number, numbered: boolean): void {
  const expected = segment.input.expectedVersion;
  if (expected !== undefined && expected !== null && expected !== version)
    throw wrongVersion(segment.input.streamId, expected, version, numbered ? segment.k : undefined);
}

/** The rows of one input's events, appended after `version` of its stream. */
function rowsOf(
  segment: Segment,
  derived: InsertRow[],
  version: number,
  appender: Appender,
  correlationId: string,
): NewRow[] {
  const { input } = segment;
  return segment.events.map((event, i) => {
    const metadata: EventMetadata = { sources: event.sources, ...provenanceOf(appender, event), correlationId };
    if (input.causationId) metadata.causationId = input.causationId;
    return {
      ...derived[i],
      id: event.id,
      streamId: input.streamId,
      streamVersion: version + i + 1,
      type: event.type,
      data: event.data,
      metadata,
      occurredAt: event.occurredAt,
      occurredPrecision: event.occurredPrecision,
    };
  });
}

/** What `preview` answers: the outcome an append would have; `alreadyStored` when it would be an idempotent retry. */
export interface Preview extends AppendOutcome {
  alreadyStored: boolean;
}
