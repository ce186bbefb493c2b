/** One human sentence per event, generated from its payload (timelines, exports, the `/` page). */

import {
  assertNever,
  type CeasefireScope,
  type PledgeAction,
  type StrikeMeans,
  type TargetCategory,
  type Terms,
  type TermsKind,
  type TypedData,
} from './event-types.js';

/** Longest summary, in characters. */
export const MAX_SUMMARY_LENGTH = 300;

/** Gives an actor's display name; returns the id itself for unknown actors. */
export type ActorName = (actorId: string) => string;

/**
 * A sentence such as `Vladimir Putin pledged to halt strikes on energy infrastructure for 30 days.`:
 * starts with a capital, ends with a full stop, at most 300 characters (long quoted or free text is
 * cut with '…'). Pure: names come from `name`.
 */
export function summarize(typed: TypedData, name: ActorName): string {
  const names = (ids: readonly string[] | undefined): string => joinList((ids ?? []).map(name));
  switch (typed.type) {
    case 'CALL_HELD': {
      const { participants, initiator, durationMinutes, channel, topics } = typed.data;
      const who = names(
        initiator === undefined ? participants : [initiator, ...participants.filter((p) => p !== initiator)],
      );
      const length = durationMinutes === undefined ? '' : `${durationMinutes}-minute `;
      const medium = channel === 'PHONE' ? 'phone ' : channel === 'VIDEO' ? 'video ' : '';
      const head = `${who} held a ${length}${medium}call`;
      return topics?.length ? fit(`${head} about `, joinList(topics), '.') : `${head}.`;
    }
    case 'MEETING_HELD': {
      const { participants, place, mediator, topics } = typed.data;
      const where = place === undefined ? '' : ` in ${clean(place)}`;
      const about = topics?.length ? ` about ${joinList(topics.map(clean))}` : '';
      const mediated = mediator === undefined ? '' : `, mediated by ${name(mediator)}`;
      return sentence(`${names(participants)} met${where}${about}${mediated}.`);
    }
    case 'STATEMENT_MADE': {
      const { speaker, text, venue, about } = typed.data;
      const subject = about?.length ? ` about ${names(about)}` : '';
      const where = venue === undefined ? '' : ` (${clean(venue)})`;
      return fit(`${name(speaker)} said${subject}${where}: "`, text, '".');
    }
    case 'CLAIM_DISPUTED':
      return fit(`${name(typed.data.by)} disputed a claim: "`, typed.data.text, '".');
    case 'DEMAND_MADE': {
      const { by, addressee, demand, conditionFor } = typed.data;
      const condition = conditionFor === undefined ? '' : `, as a condition for ${conditionFor}`;
      return fit(`${name(by)} demanded of ${name(addressee)}${condition}: "`, demand, '".');
    }
    case 'PROPOSAL_MADE': {
      const { proposers, parties, title, terms } = typed.data;
      return fit(`${names(proposers)} proposed "`, title, `"${describeTerms(terms)} to ${names(parties)}.`);
    }
    case 'PROPOSAL_ACCEPTED': {
      const { party, conditions } = typed.data;
      if (!conditions?.length) return sentence(`${name(party)} accepted the proposal.`);
      return fit(
        `${name(party)} accepted the proposal with conditions: `,
        conditions.map(unpunctuated).join('; '),
        '.',
      );
    }
    case 'PROPOSAL_REJECTED':
      return withReason(`${name(typed.data.party)} rejected the proposal`, typed.data.reason);
    case 'AGREEMENT_REACHED': {
      const { parties, title, terms, unilateral } = typed.data;
      const verb = unilateral === true ? 'declared' : 'agreed on';
      return fit(`${names(parties)} ${verb} "`, title, `"${describeTerms(terms)}.`);
    }
    case 'PLEDGE_MADE': {
      const { by, to, commitment, durationDays, validUntil } = typed.data;
      const recipient = to === undefined ? '' : ` to ${name(to)}`;
      const duration =
        durationDays !== undefined
          ? ` for ${count(durationDays, 'day')}`
          : validUntil !== undefined
            ? ` until ${validUntil}`
            : '';
      if (commitment.action === 'HALT_STRIKES') {
        const target = commitment.targetCategory === undefined ? '' : HALT_TARGET[commitment.targetCategory];
        return sentence(`${name(by)} pledged${recipient} to halt strikes${target ? ` on ${target}` : ''}${duration}.`);
      }
      const verb = PLEDGE_VERB[commitment.action];
      return fit(`${name(by)} pledged${recipient}${verb ? ` to ${verb}` : ''}${duration}: "`, commitment.text, '".');
    }
    case 'PLEDGE_WITHDRAWN':
      return withReason(`${name(typed.data.by)} withdrew the pledge`, typed.data.reason);
    case 'STRIKE_REPORTED': {
      const { attacker, targetCategory, place, means } = typed.data;
      const how = means === undefined || MEANS[means] === '' ? '' : ` (${MEANS[means]})`;
      return fit(`${name(attacker)} struck ${STRUCK[targetCategory]} in `, place, `${how}.`);
    }
    case 'VIOLATION_REPORTED': {
      const { violator, reportedBy, text } = typed.data;
      const head = `${name(reportedBy)} reported a violation by ${name(violator)}`;
      return text === undefined ? sentence(`${head}.`) : fit(`${head}: "`, text, '".');
    }
    case 'EVENT_CORRECTED':
      return withReason(`Event ${shortId(typed.data.correctedEventId)} was corrected`, typed.data.reason);
    case 'EVENT_RETRACTED':
      return withReason(`Event ${shortId(typed.data.retractedEventId)} was retracted`, typed.data.reason);
    default:
      return assertNever(typed);
  }
}

// ---------------------------------------------------------------------------------------------

const TERMS_KIND: Record<TermsKind, string> = {
  CEASEFIRE: 'ceasefire',
  PEACE_DEAL: 'peace deal',
  PRISONER_EXCHANGE: 'prisoner exchange',
  OTHER: '',
};

const SCOPE: Record<CeasefireScope, string> = {
  COMPREHENSIVE: 'comprehensive',
  ENERGY_INFRASTRUCTURE: 'energy infrastructure',
  MARITIME: 'maritime',
  AIR: 'air',
  LOCAL: 'local',
  HUMANITARIAN: 'humanitarian',
  OTHER: '',
};

/** What a strike hit: "Russia struck energy infrastructure in Sloviansk". */
const STRUCK: Record<TargetCategory, string> = {
  ENERGY_INFRASTRUCTURE: 'energy infrastructure',
  MILITARY: 'a military target',
  CIVILIAN: 'a civilian target',
  TRANSPORT: 'transport infrastructure',
  PORT: 'a port',
  OTHER: 'a target',
};

/** What a pledge spares: "pledged to halt strikes on energy infrastructure". */
const HALT_TARGET: Record<TargetCategory, string> = {
  ENERGY_INFRASTRUCTURE: 'energy infrastructure',
  MILITARY: 'military targets',
  CIVILIAN: 'civilian targets',
  TRANSPORT: 'transport infrastructure',
  PORT: 'ports',
  OTHER: '',
};

const PLEDGE_VERB: Record<PledgeAction, string> = {
  HALT_STRIKES: 'halt strikes',
  WITHDRAW: 'withdraw',
  RELEASE: 'release',
  PROVIDE_AID: 'provide aid',
  OTHER: '',
};

const MEANS: Record<StrikeMeans, string> = {
  DRONE: 'drone',
  MISSILE: 'missile',
  ARTILLERY: 'artillery',
  AIRCRAFT: 'aircraft',
  OTHER: '',
};

/** ` (comprehensive ceasefire, 30 days, unconditional)`, or '' when there is nothing to say. */
function describeTerms(terms: Terms): string {
  const kind = TERMS_KIND[terms.kind];
  const scope = terms.scope === undefined ? '' : SCOPE[terms.scope];
  const what = terms.kind === 'CEASEFIRE' && scope ? `${scope} ${kind}` : kind;
  const durations = [
    terms.durationDays === undefined ? '' : count(terms.durationDays, 'day'),
    terms.durationHours === undefined ? '' : count(terms.durationHours, 'hour'),
  ].filter(Boolean);
  const parts = [what, durations.join(' and '), terms.unconditional === true ? 'unconditional' : ''].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function count(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** "A", "A and B", "A, B and C". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function withReason(head: string, reason: string | undefined): string {
  return reason === undefined || clean(reason) === ''
    ? sentence(`${head}.`)
    : fit(`${head}: `, unpunctuated(reason), '.');
}

function shortId(id: string): string {
  return `${id.slice(0, 8)}…`;
}

/** Whitespace (newlines included) collapsed to single spaces, ends trimmed. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Without the trailing full stop (or other punctuation) that the sentence will add. */
function unpunctuated(text: string): string {
  return clean(text).replace(/[\s.;,:]+$/, '');
}

/** `prefix + text + suffix`, with `text` cut (ending in '…') so that the whole fits. */
function fit(prefix: string, text: string, suffix: string): string {
  const body = clean(text);
  const room = MAX_SUMMARY_LENGTH - prefix.length - suffix.length;
  return sentence(prefix + (body.length <= room ? body : cut(body, room)) + suffix);
}

/** Capitalized, ending in a full stop, at most MAX_SUMMARY_LENGTH characters. */
function sentence(text: string): string {
  let s = text.charAt(0).toUpperCase() + text.slice(1);
  if (!s.endsWith('.')) s += '.';
  return s.length <= MAX_SUMMARY_LENGTH ? s : `${cut(s.slice(0, -1), MAX_SUMMARY_LENGTH - 1)}.`;
}

/** `text` cut to at most `max` characters, '…' included, preferably at a word boundary. */
function cut(text: string, max: number): string {
  if (max <= 1) return '…';
  let head = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  const space = head.lastIndexOf(' ');
  if (space > 0 && space >= head.length - 20) head = head.slice(0, space);
  return `${head.trimEnd()}…`;
}
