/**
 * Reads the call log from the log itself (exact for any asOf / knownAt): CALL_HELD events of an
 * actor and of everyone who acts for it, in a valid-time window, with their amendments applied.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ActorsService } from '../../actors/actors.service.js';
import { ValidationFailed, badInput } from '../../common/domain-error.js';
import { ReadDatabase } from '../../database/read-database.js';
import { type FoldEventOf, applyAmendments, byValidTime } from '../fold-event.js';
import { logHead } from '../projector/fold-events.repository.js';
import { callsWithAmendments } from './calls.repository.js';
import { type CallEntry, type CallPairEntry, callPairs, toCall } from './call-log.js';

export interface CallQuery {
  actorId?: string | null;
  from?: Date | null;
  to?: Date | null;
  asOf?: Date | null;
  knownAt?: Date | null;
}

@Injectable()
export class CallLogService {
  constructor(
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(ActorsService) private readonly actors: ActorsService,
  ) {}

  async calls(query: CallQuery): Promise<{ calls: CallEntry[]; position: string }> {
    if (query.from && query.to && query.from >= query.to) throw badInput('to', 'must be after from');
    let agents: string[] | null = null;
    if (query.actorId != null) {
      // "" is no actor: refused, not read as "all calls"
      const found = await this.actors.agentsOf([query.actorId]);
      if (found.unknown.length)
        throw new ValidationFailed([{ path: 'actorId', reason: `unknown actor "${query.actorId}"` }]);
      agents = found.agents;
    }
    const { head, events } = await this.reads.run(async (db) => {
      const upTo = await logHead(db);
      return { head: upTo, events: await callsWithAmendments(db, agents, { upTo, knownAt: query.knownAt ?? null }) };
    });
    const from = query.from?.getTime() ?? -Infinity;
    const to = query.to?.getTime() ?? Infinity;
    const asOf = query.asOf?.getTime() ?? Infinity;
    const wanted = agents ? new Set(agents) : null;
    const calls = applyAmendments(events)
      .filter(
        (e): e is FoldEventOf<'CALL_HELD'> =>
          e.type === 'CALL_HELD' && e.occurredAt >= from && e.occurredAt < to && e.occurredAt <= asOf,
      )
      .filter(
        (e) =>
          !wanted ||
          e.data.participants.some((p) => wanted.has(p)) ||
          (e.data.initiator !== undefined && wanted.has(e.data.initiator)),
      )
      .sort(byValidTime)
      .map(toCall);
    return { calls, position: head };
  }

  async pairs(query: CallQuery): Promise<{ pairs: CallPairEntry[]; position: string }> {
    const { calls, position } = await this.calls(query);
    return { pairs: callPairs(calls), position };
  }
}
