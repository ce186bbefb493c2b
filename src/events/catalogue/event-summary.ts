/** One human sentence per event, generated from its payload (timelines, exports, the `/` page). */

import {
  assertNever,
  type CeasefireScope,
  type PledgeAction,
  type Quantity,
  type StrikeMeans,
  type TargetCategory,
  type Terms,
  type TermsKind,
  type TypedData,
} from './event-types.js';
import { meetingMediators } from './upcast.js';
import { parseInstant } from '../../common/instant.js';

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
  /** `, mediated by A and B` (or another verb), or '' for none. */
  const byWhom = (verb: string, ids: readonly string[] | undefined): string =>
    ids?.length ? `, ${verb} by ${names(ids)}` : '';
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
      const { participants, place, topics, round } = typed.data;
      const where = place === undefined ? '' : ` in ${clean(place)}`;
      const about = topics?.length ? ` about ${joinList(topics.map(clean))}` : '';
      const which = round === undefined ? '' : ` (round ${round})`;
      const mediated = byWhom('mediated', meetingMediators(typed.data));
      return sentence(`${names(participants)} met${where}${about}${which}${mediated}.`);
    }
    case 'STATEMENT_MADE': {
      const { speaker, text, venue, about, readoutOf } = typed.data;
      const subject = about?.length ? ` about ${names(about)}` : '';
      // A readout names its call or meeting by id alone: the summary only says it is one.
      const notes = [readoutOf === undefined ? '' : 'a readout', venue === undefined ? '' : clean(venue)].filter(
        Boolean,
      );
      const where = notes.length === 0 ? '' : ` (${notes.join(', ')})`;
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
      const { proposers, parties, title, terms, counterTo, backers, mediators } = typed.data;
      const answer = counterTo === undefined ? '' : `, as a counter-proposal to ${counterTo}`;
      const others = `${byWhom('backed', backers)}${byWhom('mediated', mediators)}`;
      return fit(
        `${names(proposers)} proposed "`,
        title,
        `"${describeTerms(terms, name)} to ${names(parties)}${answer}${others}.`,
      );
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
    case 'CONDITIONS_MET': {
      const { party, conditions, text } = typed.data;
      const whose = possessive(name(party));
      if (conditions?.length)
        return fit(`${whose} conditions were met: `, conditions.map(unpunctuated).join('; '), '.');
      const head = `${whose} conditions were all met`;
      return text === undefined ? sentence(`${head}.`) : fit(`${head}: "`, text, '".');
    }
    case 'AGREEMENT_REACHED': {
      const { parties, title, terms, unilateral, mediators, guarantors } = typed.data;
      const verb = unilateral === true ? 'declared' : 'agreed on';
      const others = `${byWhom('mediated', mediators)}${byWhom('guaranteed', guarantors)}`;
      return fit(`${names(parties)} ${verb} "`, title, `"${describeTerms(terms, name)}${others}.`);
    }
    case 'IMPLEMENTATION_REPORTED': {
      const { reportedBy, party, stage, quantities, complete, text } = typed.data;
      const what = quantities?.length
        ? joinList(quantities.map((q) => describeQuantity(q, name, reportedBy)))
        : `implementation${party === undefined || party === reportedBy ? '' : ` by ${name(party)}`}`;
      const notes = [stage === undefined ? '' : describeStage(stage), complete === true ? 'complete' : ''].filter(
        Boolean,
      );
      const aside = notes.length === 0 ? '' : ` (${notes.join(', ')})`;
      return fit(`${name(reportedBy)} reported ${what}${aside}: "`, text, '".');
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
    case 'PLEDGE_FULFILLED': {
      const { by, text } = typed.data;
      const head = `${name(by)} fulfilled the pledge`;
      return text === undefined ? sentence(`${head}.`) : fit(`${head}: "`, text, '".');
    }
    case 'STRIKE_REPORTED': {
      const { attacker, targetCategory, place, means } = typed.data;
      const how = means === undefined || MEANS[means] === '' ? '' : ` (${MEANS[means]})`;
      return fit(`${name(attacker)} struck ${STRUCK[targetCategory]} in `, place, `${how}.`);
    }
    case 'VIOLATION_REPORTED': {
      const { violator, reportedBy, text, count: claimed, periodFrom, periodUntil, cumulative } = typed.data;
      const what = claimed === undefined || claimed === 1 ? 'a violation' : `${thousands(claimed)} violations`;
      const from = periodFrom === undefined ? '' : ` from ${instant(periodFrom)}`;
      const until = periodUntil === undefined ? '' : ` until ${instant(periodUntil)}`;
      const total = cumulative === true ? ' (a running total)' : '';
      const head = `${name(reportedBy)} reported ${what} by ${name(violator)}${from}${until}${total}`;
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
function describeTerms(terms: Terms, name: ActorName): string {
  const kind = TERMS_KIND[terms.kind];
  const scope = terms.scope === undefined ? '' : SCOPE[terms.scope];
  const what = terms.kind === 'CEASEFIRE' && scope ? `${scope} ${kind}` : kind;
  const durations = [
    terms.durationDays === undefined ? '' : count(terms.durationDays, 'day'),
    terms.durationHours === undefined ? '' : count(terms.durationHours, 'hour'),
  ].filter(Boolean);
  const quantities = joinList((terms.quantities ?? []).map((q) => describeQuantity(q, name, null)));
  const parts = [what, durations.join(' and '), terms.unconditional === true ? 'unconditional' : '', quantities].filter(
    Boolean,
  );
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/**
 * `390 prisoners from Russia to Ukraine`, `at least 1,200 bodies`, `all prisoners`; seen from the
 * reporter when it is one of the two ends: `390 prisoners received from Russia`, `… handed over to
 * Russia`.
 */
function describeQuantity(q: Quantity, name: ActorName, reporter: string | null): string {
  const amount = q.count === undefined ? 'all' : `${q.atLeast === true ? 'at least ' : ''}${thousands(q.count)}`;
  const head = `${amount} ${clean(q.what)}`;
  if (reporter !== null && q.to === reporter)
    return `${head} received${q.from === undefined ? '' : ` from ${name(q.from)}`}`;
  if (reporter !== null && q.from === reporter)
    return `${head} handed over${q.to === undefined ? '' : ` to ${name(q.to)}`}`;
  return `${head}${q.from === undefined ? '' : ` from ${name(q.from)}`}${q.to === undefined ? '' : ` to ${name(q.to)}`}`;
}

/** `stage 1` for a bare number or word, the stage as written when it says "stage" or "phase" itself. */
function describeStage(stage: string): string {
  const text = clean(stage);
  return /\b(stage|phase)\b/i.test(text) ? text : `stage ${text}`;
}

/** A payload date-time, short: `2025-04-20` for a UTC midnight, `2025-04-19 18:00 UTC` to the minute, else ISO. */
function instant(value: string): string {
  const at = parseInstant(value);
  if (at === null) return clean(value);
  const iso = at.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  if (iso.endsWith(':00.000Z')) return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  return iso;
}

/** 1000 → "1,000". */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "Russia's", "the United States'". */
function possessive(noun: string): string {
  return noun.endsWith('s') ? `${noun}'` : `${noun}'s`;
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
