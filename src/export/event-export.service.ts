/**
 * Reads the events of an export in position order, in batches (memory does not grow with the
 * export), as of a fixed upToPosition: later appends, corrections and retractions do not change
 * the answer, so the same query and upToPosition give the same records, every time.
 */
import { Inject, Injectable } from '@nestjs/common';
import { badInput } from '../common/domain-error.js';
import type { Source } from '../events/event.js';
import { type Amendments, EventQueryService } from '../events/event-query.service.js';
import { EventStoreService } from '../events/event-store.service.js';
import { type StoredEvent } from '../events/event.js';
import type { ExportQuery } from './export-query.js';
import { type ExportRecord, applyCorrection, codeContextOf, contextStreams, toExportRecord } from './export-record.js';

// Larger batches: fewer queries and round trips per event; the two in memory (one encoded, one read ahead) stay small.
const BATCH = 2_000;

/** What a Parquet file says about how it was made (no clock: the same export, the same bytes). */
export function exportMetadata(
  q: ExportQuery,
  plan: Pick<ExportPlan, 'afterPosition' | 'upToPosition'>,
): Record<string, string> {
  const filter = Object.fromEntries(
    Object.entries(q.filter)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );
  return {
    'diplomacy.afterPosition': plan.afterPosition,
    'diplomacy.upToPosition': plan.upToPosition,
    'diplomacy.corrections': q.corrections,
    'diplomacy.filter': JSON.stringify(filter),
  };
}

export interface ExportedEvent {
  record: ExportRecord;
  sources: Source[];
}

export interface ExportPlan {
  afterPosition: string;
  upToPosition: string;
  records: AsyncGenerator<ExportedEvent>;
}

@Injectable()
export class EventExportService {
  constructor(
    @Inject(EventQueryService) private readonly query: EventQueryService,
    @Inject(EventStoreService) private readonly store: EventStoreService,
  ) {}

  /**
   * Fixes upToPosition (checking the filter first, so that errors come before any byte), then
   * streams; an abort of `signal` stops the stream with its reason before the next batch.
   */
  async plan(q: ExportQuery, signal?: AbortSignal): Promise<ExportPlan> {
    // The head where reads go (a replica's may be behind the primary's): what this export can read now.
    const head = await this.query.lastPosition();
    const upTo = q.upToPosition ?? head;
    if (BigInt(upTo) > BigInt(head)) {
      const primaryHead = await this.store.lastPosition();
      if (BigInt(upTo) > BigInt(primaryHead))
        throw badInput(
          'upToPosition',
          `is beyond the end of the log (${primaryHead}); an export can only be repeated up to a position that exists`,
        );
      await this.query.waitForPosition(upTo, 'upToPosition'); // the replica is behind: it replays that far
    }
    const filter = { ...q.filter, amendmentsUpTo: upTo };
    await this.query.checkFilter(filter);
    return { afterPosition: q.afterPosition, upToPosition: upTo, records: this.read(q, filter, upTo, signal) };
  }

  private async *read(
    q: ExportQuery,
    filter: ExportQuery['filter'],
    upTo: string,
    signal?: AbortSignal,
  ): AsyncGenerator<ExportedEvent> {
    // The next batch is read while this one is encoded and sent: the database and the encoder work at once.
    const knownAt = q.filter.knownAt ?? null;
    const fetch = async (after: string) => {
      signal?.throwIfAborted();
      const events: StoredEvent[] = await this.query.range(filter, after, upTo, BATCH);
      const amendments = events.length
        ? await this.query.amendments(
            events.map((e) => e.id),
            knownAt,
            upTo,
          )
        : new Map<string, Amendments>();
      // What the codes of the batch's answers, reports and fulfilments depend on, in one query
      // (the streams a corrected report implements included).
      const exported = events.map((e) => applyCorrection(e, amendments.get(e.id)?.correctedBy ?? null));
      const subjects = await this.query.streamSubjects(contextStreams([...events, ...exported]), knownAt, upTo);
      return { events, amendments, subjects };
    };
    // A download stopped early leaves a prefetch behind: its failure must not be an unhandled rejection.
    const prefetch = (after: string) => {
      const promise = fetch(after);
      promise.catch(() => undefined);
      return promise;
    };
    let next = prefetch(q.afterPosition);
    for (;;) {
      const { events, amendments, subjects } = await next;
      signal?.throwIfAborted();
      if (events.length === 0) return;
      const more = events.length === BATCH;
      if (more) next = prefetch(events[events.length - 1].position);
      for (const event of events) {
        const { retracted, correctedBy } = amendments.get(event.id) ?? { retracted: false, correctedBy: null };
        if (q.corrections === 'apply') {
          if (retracted || event.type === 'EVENT_CORRECTED' || event.type === 'EVENT_RETRACTED') continue;
          const corrected = applyCorrection(event, correctedBy);
          yield {
            record: toExportRecord(
              corrected,
              { retracted, correction: correctedBy },
              codeContextOf(corrected, subjects),
            ),
            sources: event.metadata.sources,
          };
        } else {
          yield {
            record: toExportRecord(event, { retracted, correction: correctedBy }, codeContextOf(event, subjects)),
            sources: event.metadata.sources,
          };
        }
      }
      if (!more) return;
    }
  }
}
