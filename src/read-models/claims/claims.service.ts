/**
 * Answers the claims ledger: the claims of every stream (or of the streams that may hold a call's
 * readouts), filtered by status, claimant, readout and time, now or at asOf / knownAt; one claim
 * by its event; the readouts of calls. The reads are SubjectReadsService's (projected rows now,
 * folds of the log at another moment).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActorsService } from '../../actors/actors.service.js';
import { ValidationFailed, badInput } from '../../common/domain-error.js';
import { MAX_STATES, listTooLong } from '../../common/list-limits.js';
import { ReadDatabase } from '../../database/read-database.js';
import { isUuid } from '../../events/catalogue/value-checks.js';
import type { Answer, Moment, Temporal } from '../projector/subject-reads.service.js';
import { SubjectReadsService } from '../projector/subject-reads.service.js';
import { type ClaimModel, ClaimStatusEnum } from './claim.model.js';
import type { ClaimRecord, ClaimsState } from './claims.fold.js';
import { CLAIMS } from './claims.projection.js';
import { readoutStreams, streamOfEvent } from './claims.repository.js';
import { firstProblem } from '../subject-page.js';

export interface ClaimQuery extends Temporal {
  /** Default: UNDISPUTED and DISPUTED (a retracted claim only when asked for). */
  status?: readonly string[] | null;
  /** Claims of this actor or of anyone who acts for it. */
  claimantId?: string | null;
  /** The readouts of this call or meeting (an event id). */
  readoutOf?: string | null;
  /** occurredAt: from inclusive, to exclusive. */
  from?: Date | null;
  to?: Date | null;
}

/** A page of the claims query: `first` claims after the claim of the event `after`, in valid-time order. */
export interface ClaimPage {
  first?: number | null;
  after?: string | null;
}

const DEFAULT_STATUSES = [ClaimStatusEnum.UNDISPUTED, ClaimStatusEnum.DISPUTED];

export function toClaimModel(claim: ClaimRecord, answer: Answer<ClaimsState>): ClaimModel {
  return {
    event: undefined,
    claimant: undefined,
    readoutOf: undefined,
    status: claim.status,
    disputes: claim.disputes.map((d) => ({
      by: undefined,
      event: undefined,
      at: new Date(d.at),
      text: d.text,
      byId: d.by,
      eventId: d.eventId,
    })),
    position: answer.position,
    eventId: claim.eventId,
    claimantId: claim.claimant,
    readoutOfId: claim.readoutOf,
    at: claim.at,
    eventPosition: claim.position,
    moment: answer.moment,
  };
}

/** A claim and the answer that holds it (its position and moment). */
export interface FoundClaim {
  claim: ClaimRecord;
  answer: Answer<ClaimsState>;
}

/** The claims of the streams a query reads, and which of them it wants. */
interface Ledger {
  /** Every claim of those streams. */
  held: FoundClaim[];
  wanted: (claim: ClaimRecord) => boolean;
  /** Whether every stream was read (not only those of readoutOf's readouts). */
  everyStream: boolean;
}

/** The claims of `ledger` its query wants, in valid-time order (then position). */
function wantedOf(ledger: Ledger): FoundClaim[] {
  return ledger.held
    .filter(({ claim }) => ledger.wanted(claim))
    .sort((a, b) => a.claim.at - b.claim.at || a.claim.position - b.claim.position);
}

const byTime = (a: ClaimModel, b: ClaimModel) => a.at - b.at || a.eventPosition - b.eventPosition;

@Injectable()
export class ClaimsService {
  constructor(
    @Inject(SubjectReadsService) private readonly reads: SubjectReadsService,
    @Inject(ReadDatabase) private readonly db: ReadDatabase,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {}

  /**
   * The claims `q` asks for, or the page `page` asks for: those after the claim of the event
   * `page.after` in valid-time order (then position), whatever that claim's status is now. The whole
   * ledger is read for a page too (claims live inside their streams' rows): a page limits the answer.
   * It is read once, and the claim `after` is found in it.
   */
  async list(q: ClaimQuery, page: ClaimPage = {}): Promise<ClaimModel[]> {
    const errors = [firstProblem(page.first)];
    if (page.after != null && !isUuid(page.after))
      errors.push({ path: 'after', reason: 'must be the event id of the last claim of the previous page (a uuid)' });
    if (errors.some(Boolean)) throw new ValidationFailed(errors.filter((e) => e !== null));
    const ledger = await this.ledger(q);
    let key: ClaimModel | null = null;
    if (page.after != null) {
      const id = page.after.toLowerCase();
      const mark = ledger.held.find(({ claim }) => claim.eventId === id);
      // A readoutOf query reads only its readouts' streams: a claim of another stream still marks a place in time.
      key = mark ? toClaimModel(mark.claim, mark.answer) : ledger.everyStream ? null : await this.one(id, q);
      if (key === null) throw badInput('after', 'must be the event id of a claim (the last one of the previous page)');
    }
    const found = wantedOf(ledger).map(({ claim, answer }) => toClaimModel(claim, answer));
    const rest = key === null ? found : found.filter((c) => byTime(c, key) > 0);
    return page.first == null ? rest : rest.slice(0, page.first);
  }

  /** The claims `q` asks for, in valid-time order (then position). */
  async find(q: ClaimQuery): Promise<FoundClaim[]> {
    return wantedOf(await this.ledger(q));
  }

  /**
   * `q` checked (BAD_USER_INPUT naming the field), and the streams it may concern (every one, or
   * those that may hold the readouts of `readoutOf`) read once at the moment it asks: every claim
   * they hold, and which of them `q` wants.
   */
  private async ledger(q: ClaimQuery): Promise<Ledger> {
    const tooLong = listTooLong('status', q.status, MAX_STATES);
    if (tooLong) throw new ValidationFailed([tooLong]);
    if (q.from && q.to && q.from >= q.to) throw badInput('to', 'must be after from');
    if (q.readoutOf != null && !isUuid(q.readoutOf)) throw badInput('readoutOf', 'must be an event id (a uuid)');
    const statuses = new Set<string>(q.status?.length ? q.status : DEFAULT_STATUSES);
    let agents: Set<string> | null = null;
    if (q.claimantId != null) {
      const found = await this.actors.agentsOf([q.claimantId]);
      if (found.unknown.length) throw badInput('claimantId', `unknown actor "${q.claimantId}"`);
      agents = new Set(found.agents);
    }
    const readoutOf = q.readoutOf?.toLowerCase() ?? null;
    const from = q.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    const to = q.to?.getTime() ?? Number.POSITIVE_INFINITY;
    const wanted = (c: ClaimRecord) =>
      statuses.has(c.status) &&
      c.at >= from &&
      c.at < to &&
      (agents === null || (c.claimant !== null && agents.has(c.claimant))) &&
      (readoutOf === null || c.readoutOf === readoutOf);
    const ids = readoutOf === null ? null : await this.db.run((db) => readoutStreams(db, [readoutOf]));
    if (ids?.length === 0) {
      if (q.minPosition) await this.reads.waitForPosition(q.minPosition, CLAIMS);
      return { held: [], wanted, everyStream: false };
    }
    const answers = await this.reads.read(CLAIMS, ids, q);
    const held = answers.flatMap((answer) => answer.view.claims.map((claim) => ({ claim, answer })));
    return { held, wanted, everyStream: ids === null };
  }

  /** The claim of the event `eventId` at the moment asked (null when that event is no claim, or unknown). */
  async one(eventId: string, t: Temporal): Promise<ClaimModel | null> {
    if (!isUuid(eventId)) throw badInput('eventId', 'must be an event id (a uuid)');
    const id = eventId.toLowerCase();
    const stream = await this.db.run((db) => streamOfEvent(db, id));
    if (stream === null) return null;
    const [answer] = await this.reads.read(CLAIMS, [stream], t);
    const claim = answer?.view.claims.find((c) => c.eventId === id);
    return claim && answer ? toClaimModel(claim, answer) : null;
  }

  /** The readouts of each of `callIds` (event ids, lower case) at `moment`, in valid-time order, retracted ones left out. */
  async readoutsOf(callIds: readonly string[], moment: Moment): Promise<Map<string, ClaimModel[]>> {
    const result = new Map<string, ClaimModel[]>(callIds.map((id) => [id, []]));
    const streams = await this.db.run((db) => readoutStreams(db, callIds));
    if (streams.length === 0) return result;
    for (const answer of await this.reads.read(CLAIMS, streams, moment)) {
      for (const claim of answer.view.claims) {
        if (claim.readoutOf === null || claim.status === ClaimStatusEnum.RETRACTED) continue;
        result.get(claim.readoutOf)?.push(toClaimModel(claim, answer));
      }
    }
    for (const list of result.values()) list.sort(byTime);
    return result;
  }
}
