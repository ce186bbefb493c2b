/**
 * A draft as the form reads it (DraftEntry: whatever was entered, maybe wrong), the checks the
 * page makes on it before sending (the codebook's JSON Schema for each payload, the envelope as
 * the API checks it: schema-check.ts), and the input the API takes once they pass. Pure.
 */
import { STREAM_ID_PATTERN } from '../../src/events/catalogue/event-types.js';
import type { FieldError } from '../timeline/field-error.js';
import type { Codebook } from './codebook.js';
import type { EventType, NewEventInput, SubmitDraftInput, TimePrecision } from '../generated/graphql.js';
import { type SourceEntry, checkAgainstSchema, checkSource, dateTimeProblem } from './schema-check.js';

export interface EventEntry {
  /** Given by a stored draft (its events have ids from their submission). */
  id?: string;
  type?: string;
  occurredAt?: string;
  occurredPrecision?: string;
  data: unknown;
  sources?: SourceEntry[];
}

export interface DraftEntry {
  streamId?: string;
  /** A number, or the text entered when it is none. */
  expectedVersion?: number | string;
  events: EventEntry[];
  note?: string;
}

function checkEvent(event: EventEntry, path: string, codebook: Codebook): FieldError[] {
  const errors: FieldError[] = [];
  const type = codebook.types.find((t) => t.type === event.type);
  if (!type) errors.push({ path: `${path}.type`, reason: 'is required: choose what happened' });
  if (event.occurredAt === undefined) errors.push({ path: `${path}.occurredAt`, reason: 'is required' });
  else {
    const problem = dateTimeProblem(event.occurredAt);
    if (problem) errors.push({ path: `${path}.occurredAt`, reason: problem });
  }
  if (type) {
    const data = event.data as Record<string, unknown>;
    // A correction's payload is JSON typed into a box: what does not parse is said so, not "must be an object".
    if (type.type === 'EVENT_CORRECTED' && typeof data.data === 'string')
      errors.push({ path: `${path}.data.data`, reason: 'is not valid JSON' });
    else errors.push(...checkAgainstSchema(event.data, type.jsonSchema, `${path}.data`));
  }
  const sources = event.sources ?? [];
  if (!sources.length) errors.push({ path: `${path}.sources`, reason: 'every event needs at least one source' });
  sources.forEach((source, i) => errors.push(...checkSource(source, `${path}.sources[${i}]`)));
  return errors;
}

/** Every problem the page can see in the draft, in the order of the form. */
export function checkDraft(draft: DraftEntry, codebook: Codebook): FieldError[] {
  const errors: FieldError[] = [];
  if (draft.streamId === undefined) errors.push({ path: 'streamId', reason: 'is required' });
  else if (!STREAM_ID_PATTERN.test(draft.streamId))
    errors.push({
      path: 'streamId',
      reason: 'must be lower-case letters, digits and . _ : - (at most 128, starting with a letter or digit)',
    });
  const version = draft.expectedVersion;
  if (version !== undefined && !(typeof version === 'number' && Number.isInteger(version) && version >= 0))
    errors.push({ path: 'expectedVersion', reason: 'must be a whole number from 0, or left empty' });
  if (!draft.events.length) errors.push({ path: 'events', reason: 'a draft holds at least one event' });
  draft.events.forEach((event, i) => errors.push(...checkEvent(event, `events[${i}]`, codebook)));
  return errors;
}

/** The input the API takes: only for a draft that checkDraft finds nothing wrong with. */
export function submitInput(draft: DraftEntry): SubmitDraftInput {
  return {
    streamId: draft.streamId ?? '',
    expectedVersion: typeof draft.expectedVersion === 'number' ? draft.expectedVersion : null,
    note: draft.note ?? null,
    events: draft.events.map((event): NewEventInput => ({
      type: event.type as EventType,
      occurredAt: event.occurredAt ?? '',
      occurredPrecision: (event.occurredPrecision as TimePrecision | undefined) ?? null,
      data: event.data,
      sources: (event.sources ?? []).map((s) => ({ ...s, publisher: s.publisher ?? '' })),
    })),
  };
}

/** A stored draft's events (the NewEventInput list as submitted, JSON to the API) as the form writes them back. */
export function draftEntry(draft: {
  streamId: string;
  expectedVersion: number | null;
  note: string | null;
  events: unknown;
}): DraftEntry {
  const events = Array.isArray(draft.events) ? (draft.events as EventEntry[]) : [];
  return {
    streamId: draft.streamId,
    expectedVersion: draft.expectedVersion ?? undefined,
    note: draft.note ?? undefined,
    events: events.map((e) => ({
      ...e,
      occurredPrecision: e.occurredPrecision ?? undefined,
      sources: (e.sources ?? []).map((s) =>
        Object.fromEntries(Object.entries(s).filter(([, v]) => v !== null && v !== undefined)),
      ),
    })),
  };
}
