/**
 * The pure checks and derivations of an append that need what the store looked up: stream
 * references and subjects, who may answer a proposal, the context of the CAMEO codes, the
 * idempotency comparison, the text the filter searches.
 */
import type { DomainError, FieldError } from '../../common/domain-error.js';
import { DomainError as Domain } from '../../common/domain-error.js';
import { canonicalJson } from '../../common/canonical-json.js';
import { parseInstant } from '../../common/instant.js';
import type { CodeContext } from '../catalogue/event-codes.js';
import type { EventType, PledgeAction, TermsKind, TimePrecision } from '../catalogue/event-types.js';
import type { PayloadCheck, Ref } from '../catalogue/payload-validation.js';
import { isActorId, isObjectLike, isStreamId } from '../catalogue/value-checks.js';
import type { StoredSubject, StreamFacts } from '../event-append.repository.js';
import type { StoredEvent } from '../event.js';
import { type PreparedEvent, reportPeriodProblems } from './append-envelope.validation.js';

/** An event of an append with what its input says about it: the stream and where its errors go. */
export interface EventInBatch {
  streamId: string;
  /** `inputs[k].` when the batch has several inputs, else '': the start of its error paths. */
  prefix: string;
  event: PreparedEvent;
  /** For an EVENT_CORRECTED with `data` whose event was found: that event's type and the corrected payload. */
  correction?: CorrectedPayload;
}

export interface CorrectedPayload {
  /** The corrected event's id (lower case) and type. */
  eventId: string;
  type: EventType;
  data: Record<string, unknown>;
  /** The corrected payload checked against its type (paths `events[i].data.data…`). */
  check: PayloadCheck;
  /** `events[i].data.data`: where the corrected payload's errors go (without the prefix). */
  path: string;
}

/** Acceptances, rejections and conditions met: answers of a party to the proposal or agreement of their stream. */
export const ANSWER_TYPES: ReadonlySet<EventType> = new Set([
  'PROPOSAL_ACCEPTED',
  'PROPOSAL_REJECTED',
  'CONDITIONS_MET',
]);
/** The types checkSubjects looks at: they need their stream's subject (and give the context of their codes). */
const SUBJECT_CHECKED: ReadonlySet<EventType> = new Set([
  ...ANSWER_TYPES,
  'IMPLEMENTATION_REPORTED',
  'PLEDGE_FULFILLED',
]);

/** The types that start a subject: what the store looks up in the streams of the events above. */
export type SubjectType = StoredSubject['type'];
const SUBJECT_TYPES: ReadonlySet<string> = new Set<SubjectType>(['PROPOSAL_MADE', 'AGREEMENT_REACHED', 'PLEDGE_MADE']);
/** What a party answers, a counter-proposal counters and an implementation report carries out. */
const AGREEABLE: ReadonlySet<string> = new Set<SubjectType>(['PROPOSAL_MADE', 'AGREEMENT_REACHED']);
const PLEDGE: ReadonlySet<string> = new Set<SubjectType>(['PLEDGE_MADE']);

const holdsAgreeable = (types: ReadonlySet<string>) => [...AGREEABLE].some((type) => types.has(type));

/**
 * Stream references exist; withdrawals go to a stream that has their pledge; a counter-proposal's
 * `counterTo` names another stream, holding a proposal or agreement; the streams an implementation
 * report `implements` hold one. A correction's new payload is held to the same rules.
 */
export function checkStreams(all: EventInBatch[], streams: Map<string, StreamFacts>, errors: FieldError[]): void {
  // The types each stream holds, in the log and in the batch before the event at hand.
  const typesOf = new Map([...streams].map(([id, facts]) => [id, new Set(facts.types)]));
  for (const { streamId, prefix, event, correction } of all) {
    for (const [type, data, check, path] of payloadsOf(event, correction)) {
      for (const ref of check.streamRefs) {
        if (ref.id !== streamId && !typesOf.has(ref.id))
          errors.push({ path: prefix + ref.path, reason: `no stream "${ref.id}"` });
      }
      // A stream that exists (or is this one) and holds no proposal or agreement; streams that do not exist are named above.
      const holdsNothing = (ref: unknown): ref is string => {
        const types = !isStreamId(ref)
          ? undefined
          : ref === streamId
            ? (typesOf.get(ref) ?? new Set())
            : typesOf.get(ref);
        return types !== undefined && !holdsAgreeable(types);
      };
      if (type === 'PROPOSAL_MADE' && data.counterTo === streamId) {
        errors.push({
          path: `${prefix}${path}.counterTo`,
          reason: "names the proposal's own stream; a counter-proposal answers another proposal",
        });
      } else if (type === 'PROPOSAL_MADE' && holdsNothing(data.counterTo)) {
        errors.push({
          path: `${prefix}${path}.counterTo`,
          reason: `stream "${data.counterTo}" holds no proposal or agreement to counter`,
        });
      }
      if (type === 'IMPLEMENTATION_REPORTED' && Array.isArray(data.implements)) {
        (data.implements as unknown[]).forEach((ref, i) => {
          if (holdsNothing(ref))
            errors.push({
              path: `${prefix}${path}.implements[${i}]`,
              reason: `stream "${ref}" holds no proposal or agreement`,
            });
        });
      }
    }
    const own = typesOf.get(streamId) ?? new Set<string>();
    const subject = event.type === 'PLEDGE_WITHDRAWN' ? 'PLEDGE_MADE' : null;
    if (subject && !own.has(subject)) {
      errors.push({
        path: `${prefix}${event.path}.type`,
        reason: `${event.type} goes into the stream of a ${subject}; stream "${streamId}" has none`,
      });
    }
    typesOf.set(streamId, own.add(event.type));
  }
}

/** What the store looks up for checkSubjects, before it can run: see subjectNeeds. */
export interface SubjectNeeds {
  /** The streams whose subjects (PROPOSAL_MADE, AGREEMENT_REACHED, PLEDGE_MADE) are looked up, as amended. */
  streams: string[];
  /** The streams whose subjects' parties and proposers need their principals (the streams answers go to). */
  answerStreams: string[];
  /** The actors whose principals are looked up (beside those parties and proposers). */
  actors: string[];
}

/**
 * What checkSubjects needs from the log for this batch: nothing when it holds no answer, no
 * implementation report, no fulfilment and no correction of one.
 */
export function subjectNeeds(all: EventInBatch[]): SubjectNeeds {
  const streams = new Set<string>();
  const answerStreams = new Set<string>();
  const actors = new Set<string>();
  for (const { streamId, event, correction } of all) {
    for (const [type, data, check] of payloadsOf(event, correction)) {
      if (!SUBJECT_CHECKED.has(type)) continue;
      streams.add(streamId);
      for (const ref of check.streamRefs) streams.add(ref.id);
      if (ANSWER_TYPES.has(type)) {
        answerStreams.add(streamId);
        if (isActorId(data.party)) actors.add(data.party);
      }
    }
  }
  // The parties and proposers of proposals and agreements earlier in the batch (as sent or as corrected).
  if (answerStreams.size > 0)
    for (const { event, correction } of all)
      for (const [type, , check] of payloadsOf(event, correction))
        if (AGREEABLE.has(type)) for (const ref of check.actorRefs) actors.add(ref.id);
  return { streams: [...streams], answerStreams: [...answerStreams], actors: [...actors] };
}

/** A subject as the checks see it: its type and its payload as amended by its latest correction. */
interface Subject {
  id: string;
  type: SubjectType;
  data: Record<string, unknown>;
}

/**
 * The rules that need a stream's subjects (the catalogue's second edition and our choices), in
 * batch order, each event seeing the subjects stored (as amended by their latest correction) and
 * those earlier in the batch (as sent, or as a correction earlier in the batch amends them):
 *
 * - an acceptance, rejection or CONDITIONS_MET goes into a stream holding a PROPOSAL_MADE or an
 *   AGREEMENT_REACHED (else refused at `events[i].type`, as in the first edition), and its party is on the side of one of
 *   their parties (sides by principal); a rejection by a proposer's side is allowed too (it
 *   withdraws the proposal). Else it is refused at `…data.party`: a non-party's view is a
 *   STATEMENT_MADE.
 * - an IMPLEMENTATION_REPORTED in a stream without a proposal or agreement names `implements`.
 * - a PLEDGE_FULFILLED goes into a stream holding a PLEDGE_MADE (else refused at `events[i].type`).
 *
 * A correction's new payload is held to the party rule and the `implements` rule of the corrected
 * event's type. Returns the context of each event's codes, in the order of `all`: the kind of terms
 * of its stream's first proposal or agreement (for a report in a stream of its own, of the first
 * stream it implements that holds one), the action of its stream's first pledge.
 */
export function checkSubjects(
  all: EventInBatch[],
  stored: readonly StoredSubject[],
  principals: ReadonlyMap<string, string>,
  errors: FieldError[],
): CodeContext[] {
  const subjects = new Map<string, Subject[]>();
  const byId = new Map<string, Subject>();
  const add = (streamId: string, subject: Subject) => {
    subjects.set(streamId, [...(subjects.get(streamId) ?? []), subject]);
    byId.set(subject.id, subject);
  };
  for (const s of stored) add(s.streamId, { id: s.id, type: s.type, data: isObjectLike(s.data) ? s.data : {} });
  const sideOf = (actor: string) => principals.get(actor) ?? actor;
  const first = (streamId: string, types: ReadonlySet<string>) =>
    (subjects.get(streamId) ?? []).find((s) => types.has(s.type));
  const kindOf = (streamId: string): TermsKind | null => {
    const terms = first(streamId, AGREEABLE)?.data.terms;
    return isObjectLike(terms) && typeof terms.kind === 'string' ? (terms.kind as TermsKind) : null;
  };
  const pledgeActionOf = (streamId: string): PledgeAction | null => {
    const commitment = first(streamId, PLEDGE)?.data.commitment;
    return isObjectLike(commitment) && typeof commitment.action === 'string'
      ? (commitment.action as PledgeAction)
      : null;
  };
  const actorsOf = (list: Subject[], key: 'parties' | 'proposers') =>
    list.flatMap((s) => (Array.isArray(s.data[key]) ? (s.data[key] as unknown[]).filter(isActorId) : []));

  return all.map(({ streamId, prefix, event, correction }) => {
    const context: CodeContext = {};
    const agreeable = (subjects.get(streamId) ?? []).filter((s) => AGREEABLE.has(s.type));
    for (const [type, data, , path] of payloadsOf(event, correction)) {
      const ownPayload = path === `${event.path}.data`;
      if (ANSWER_TYPES.has(type)) {
        context.kind = kindOf(streamId);
        if (agreeable.length === 0) {
          if (ownPayload)
            errors.push({
              path: `${prefix}${event.path}.type`,
              reason: `${type} goes into the stream of a PROPOSAL_MADE or AGREEMENT_REACHED; stream "${streamId}" has none`,
            });
          continue;
        }
        const party = data.party;
        if (!isActorId(party) || !principals.has(party)) continue; // malformed or unknown: refused already
        const partySides = new Set(actorsOf(agreeable, 'parties').map(sideOf));
        const proposals = agreeable.filter((s) => s.type === 'PROPOSAL_MADE');
        const proposerSides = new Set(actorsOf(proposals, 'proposers').map(sideOf));
        const side = sideOf(party);
        if (!partySides.has(side) && !(type === 'PROPOSAL_REJECTED' && proposerSides.has(side)))
          errors.push({
            path: `${prefix}${path}.party`,
            reason: `"${party}" is on no party's side of ${streamId}; a non-party's view is a STATEMENT_MADE`,
          });
      } else if (type === 'IMPLEMENTATION_REPORTED') {
        const named = Array.isArray(data.implements) ? (data.implements as unknown[]).filter(isStreamId) : null;
        if (agreeable.length === 0 && named === null)
          errors.push({
            path: `${prefix}${path}.implements`,
            reason: `is required: stream "${streamId}" holds no proposal or agreement; name the streams of the agreements this report carries out`,
          });
        const implemented = named?.find((ref) => kindOf(ref) !== null);
        context.kind = kindOf(streamId) ?? (implemented === undefined ? null : kindOf(implemented));
      } else if (type === 'PLEDGE_FULFILLED') {
        context.pledgeAction = pledgeActionOf(streamId);
        if (first(streamId, PLEDGE) === undefined && ownPayload)
          errors.push({
            path: `${prefix}${event.path}.type`,
            reason: `PLEDGE_FULFILLED goes into the stream of a PLEDGE_MADE; stream "${streamId}" has none`,
          });
      }
    }
    // This event's own subject, or its correction of one, counts for the events after it.
    const corrected = correction ? byId.get(correction.eventId) : undefined;
    if (SUBJECT_TYPES.has(event.type))
      add(streamId, { id: event.id, type: event.type as SubjectType, data: event.data });
    else if (corrected && correction) corrected.data = correction.data;
    return context;
  });
}

/** The payloads of an event the stream rules apply to: its own, and for a correction the corrected one. */
function payloadsOf(
  event: PreparedEvent,
  correction: CorrectedPayload | undefined,
): Array<[type: EventType, data: Record<string, unknown>, check: PayloadCheck, path: string]> {
  const own: [EventType, Record<string, unknown>, PayloadCheck, string] = [
    event.type,
    event.data,
    event.check,
    `${event.path}.data`,
  ];
  return correction ? [own, [correction.type, correction.data, correction.check, correction.path]] : [own];
}

/**
 * Why an event reference does not hold, or null: the event is neither stored nor earlier in the
 * batch (`target` undefined), or it is of a type its field does not take (a `readoutOf` naming a
 * strike).
 */
export function eventRefProblem(ref: Ref, target: { type: EventType } | undefined): string | null {
  if (target === undefined) return `no event with id "${ref.id}"`;
  if (ref.types !== undefined && !ref.types.includes(target.type)) {
    const wanted =
      ref.types.length === 1 ? ref.types[0] : `${ref.types.slice(0, -1).join(', ')} or ${ref.types.at(-1)}`;
    return `names a ${target.type}; must name a ${wanted}`;
  }
  return null;
}

/** The event a correction names, as much as its checks need: its type, time and (for a report) its payload as first stored. */
export interface CorrectionTarget {
  type: EventType;
  occurredAt: Date;
  occurredPrecision: TimePrecision;
  data: unknown;
}

/**
 * A correction of a VIOLATION_REPORTED is held to the report's period rule (reportPeriodProblems)
 * as the corrected report will read: the correction's payload, time and precision, each that the
 * correction leaves out taken from the original event (the latest correction replaces those
 * before it). A new payload's bounds are refused at `…data.data.periodUntil`; a new time that no
 * longer covers the stored period at `…data.occurredAt` (or `…data.occurredPrecision`). Paths
 * without the input's prefix; `correction` is a valid EVENT_CORRECTED whose own `data` (when
 * given) passed its check.
 */
export function correctedReportErrors(correction: PreparedEvent, target: CorrectionTarget): FieldError[] {
  if (correction.type !== 'EVENT_CORRECTED' || target.type !== 'VIOLATION_REPORTED') return [];
  const c = correction.data;
  const at = typeof c.occurredAt === 'string' ? parseInstant(c.occurredAt) : target.occurredAt;
  const precision = (
    typeof c.occurredPrecision === 'string' ? c.occurredPrecision : target.occurredPrecision
  ) as TimePrecision;
  if (at === null) return [];
  const newPayload = c.data !== undefined;
  return reportPeriodProblems(newPayload ? c.data : target.data, at, precision).map((problem) =>
    newPayload
      ? { path: `${correction.path}.data.data.${problem.field}`, reason: problem.reason }
      : {
          path: `${correction.path}.data.${c.occurredAt !== undefined ? 'occurredAt' : 'occurredPrecision'}`,
          reason: `would end the report at ${problem.end.toISOString()}, before its ${problem.field} ${problem.value}: correct the period in data too`,
        },
  );
}

export function wrongVersion(streamId: string, expected: number, actual: number, input?: number): DomainError {
  return new Domain(
    'WRONG_EXPECTED_VERSION',
    `stream "${streamId}" is at version ${actual}, not the expected ${expected}`,
    { streamId, expectedVersion: expected, actualVersion: actual, ...(input === undefined ? {} : { input }) },
  );
}

export function sameContent(stored: StoredEvent, streamId: string, event: PreparedEvent): boolean {
  return (
    stored.streamId === streamId &&
    stored.type === event.type &&
    stored.occurredAt.getTime() === event.occurredAt.getTime() &&
    stored.occurredPrecision === event.occurredPrecision &&
    canonicalJson(stored.data) === canonicalJson(event.data) &&
    canonicalJson(stored.metadata.sources) === canonicalJson(event.sources)
  );
}

/** Summary, every string of the payload, and the sources' titles and quotes: what the text filter searches. */
export function searchText(summary: string, event: PreparedEvent): string {
  const parts = [summary];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(event.data);
  for (const source of event.sources) parts.push(source.publisher, source.title ?? '', source.quotedText ?? '');
  return parts.filter(Boolean).join('\n');
}

/** The constraint name when the error is a unique violation, else null. */
export function uniqueViolation(error: unknown): string | null {
  const driver =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ??
    (error as { code?: string; constraint?: string });
  return driver?.code === '23505' ? (driver.constraint ?? 'unique') : null;
}
