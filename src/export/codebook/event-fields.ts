/**
 * The codebook's description of every event payload: for each of the 18 types, its fields with
 * their type, whether they are required and what they mean (from docs/event-catalogue.md).
 * Pure data. codebook.spec.ts checks it against the class-validator payload classes
 * (src/events/catalogue/payloads/), field by field and rule by rule, so it cannot drift from them.
 */
import {
  CALL_CHANNELS,
  CEASEFIRE_SCOPES,
  PLEDGE_ACTIONS,
  STRIKE_MEANS,
  TARGET_CATEGORIES,
  TERMS_KINDS,
  TIME_PRECISIONS,
  type EventType,
} from '../../events/catalogue/event-types.js';
import {
  MAX_DURATION_DAYS,
  MAX_DURATION_HOURS,
  MAX_DURATION_MINUTES,
  MAX_LIST_ITEMS,
  MAX_NAME_LENGTH,
  MAX_QUANTITY_COUNT,
  MAX_ROUND,
  MAX_TEXT_LENGTH,
  MAX_VIOLATION_COUNT,
} from '../../events/catalogue/value-checks.js';

/** The enumerations of the catalogue, by the names the codebook uses. */
export const CODEBOOK_ENUMS = {
  TargetCategory: TARGET_CATEGORIES,
  CeasefireScope: CEASEFIRE_SCOPES,
  TermsKind: TERMS_KINDS,
  CallChannel: CALL_CHANNELS,
  PledgeAction: PLEDGE_ACTIONS,
  StrikeMeans: STRIKE_MEANS,
  TimePrecision: TIME_PRECISIONS,
} as const;
export type EnumName = keyof typeof CODEBOOK_ENUMS;

/** The type of a payload field. */
export type FieldType =
  /** Text, non-empty after trimming, at most maxLength characters (code points). */
  | { kind: 'string'; maxLength: number }
  /** A list of such texts, at least minItems of them. */
  | { kind: 'string list'; minItems: number; maxItemLength: number }
  /** A registered actor's id (`putin`, `russia`). */
  | { kind: 'actor id' }
  /** Distinct registered actor ids, at least minItems of them. */
  | { kind: 'actor id list'; minItems: number }
  /** A whole number from minimum to maximum. */
  | { kind: 'integer'; minimum: number; maximum: number }
  | { kind: 'boolean' }
  /**
   * An ISO-8601 date-time with a timezone (or a plain date: UTC midnight); `after`: strictly later
   * than that field; `notBefore`: that field's instant or later.
   */
  | { kind: 'date-time'; after?: string; notBefore?: string }
  /** A stored event's id. */
  | { kind: 'uuid' }
  /** Distinct stored event ids. */
  | { kind: 'uuid list' }
  /** A stream id (`proposal-30-day-ceasefire`). */
  | { kind: 'stream id' }
  /** Distinct stream ids, at least minItems of them. */
  | { kind: 'stream id list'; minItems: number }
  /** ISO 3166-1 alpha-2 (two upper-case letters). */
  | { kind: 'country code' }
  | { kind: 'enum'; enum: EnumName; values: readonly string[] }
  /** An object with fields of its own (unknown fields refused inside too). */
  | { kind: 'object'; name: string; fields: readonly FieldSpec[] }
  /** A list of such objects, at least minItems of them. */
  | { kind: 'object list'; name: string; fields: readonly FieldSpec[]; minItems: number }
  /** The full payload of another event's type (EVENT_CORRECTED's `data`: the corrected event's type). */
  | { kind: 'payload' };

export type FieldKind = FieldType['kind'];

export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  /** One line. */
  meaning: string;
  /** May only be given together with this field of the same object. */
  onlyWith?: string;
  /** May not be given together with this field of the same object. */
  notWith?: string;
}

export interface EventTypeSpec {
  type: EventType;
  /** One line: what the event records. */
  description: string;
  /** The stream it goes into, where the catalogue says. */
  stream?: string;
  fields: readonly FieldSpec[];
  /** Rules about the payload as a whole, beyond each field's own. */
  rules: readonly string[];
}

/** The payload shape version every type is at (events carry it as schema_version). */
export const CURRENT_SCHEMA_VERSION = 1;
/** Most items in any list field. */
export const LIST_MAX_ITEMS = MAX_LIST_ITEMS;

const req = (name: string, type: FieldType, meaning: string): FieldSpec => ({ name, type, required: true, meaning });
const opt = (name: string, type: FieldType, meaning: string): FieldSpec => ({ name, type, required: false, meaning });

const actor: FieldType = { kind: 'actor id' };
const actors = (minItems: number): FieldType => ({ kind: 'actor id list', minItems });
const freeText: FieldType = { kind: 'string', maxLength: MAX_TEXT_LENGTH };
const shortText: FieldType = { kind: 'string', maxLength: MAX_NAME_LENGTH };
/** A duration in days, hours or minutes: at most 100 years. */
const count = (maximum: number): FieldType => ({ kind: 'integer', minimum: 1, maximum });
const flag: FieldType = { kind: 'boolean' };
const dateTime = (after?: string): FieldType =>
  after === undefined ? { kind: 'date-time' } : { kind: 'date-time', after };
const uuid: FieldType = { kind: 'uuid' };
const streamId: FieldType = { kind: 'stream id' };
const oneOf = (name: EnumName): FieldType => ({ kind: 'enum', enum: name, values: CODEBOOK_ENUMS[name] });
const topics: FieldType = { kind: 'string list', minItems: 0, maxItemLength: MAX_NAME_LENGTH };

/** A quantity: what changes hands under terms, or in an implementation report. */
export const QUANTITY_FIELDS: readonly FieldSpec[] = [
  req('what', shortText, 'What is counted: "prisoners", "bodies".'),
  opt(
    'count',
    { kind: 'integer', minimum: 0, maximum: MAX_QUANTITY_COUNT },
    'How many; absent: all of them (open-ended, "all for all").',
  ),
  {
    ...opt('atLeast', flag, 'True when the count is a minimum ("at least 1,200"); only with count.'),
    onlyWith: 'count',
  },
  opt('from', actor, 'Who hands over.'),
  opt('to', actor, 'Who receives.'),
];

const quantities: FieldType = { kind: 'object list', name: 'Quantity', fields: QUANTITY_FIELDS, minItems: 0 };

/** The `terms` of PROPOSAL_MADE and AGREEMENT_REACHED. */
export const TERMS_FIELDS: readonly FieldSpec[] = [
  req(
    'kind',
    oneOf('TermsKind'),
    'What is proposed or agreed: a ceasefire, a peace deal, a prisoner exchange or other.',
  ),
  opt(
    'scope',
    oneOf('CeasefireScope'),
    'What a ceasefire covers (ENERGY_INFRASTRUCTURE covers strikes whose targetCategory is ENERGY_INFRASTRUCTURE).',
  ),
  opt('durationDays', count(MAX_DURATION_DAYS), 'How long it lasts, in days, from when it takes effect.'),
  opt('durationHours', count(MAX_DURATION_HOURS), 'How long it lasts, in hours, from when it takes effect.'),
  opt('unconditional', flag, 'True when offered or agreed without conditions.'),
  opt('text', freeText, 'The terms in words.'),
  opt('quantities', quantities, 'What changes hands ("1,000 prisoners from russia to ukraine").'),
];

/** The `commitment` of PLEDGE_MADE. */
export const COMMITMENT_FIELDS: readonly FieldSpec[] = [
  req('action', oneOf('PledgeAction'), 'What the pledger commits to do.'),
  opt(
    'targetCategory',
    oneOf('TargetCategory'),
    'Which targets a halt of strikes covers; without it, strikes on any target.',
  ),
  req('text', freeText, 'The commitment in words.'),
];

const terms: FieldType = { kind: 'object', name: 'Terms', fields: TERMS_FIELDS };
const commitment: FieldType = { kind: 'object', name: 'Commitment', fields: COMMITMENT_FIELDS };

/** Every event type, in the catalogue's order (EVENT_TYPES). */
export const EVENT_TYPE_SPECS: readonly EventTypeSpec[] = [
  {
    type: 'CALL_HELD',
    description: 'A phone or video call took place between two or more actors.',
    stream: 'call-<slug>',
    fields: [
      req('participants', actors(2), 'Who took part in the call (at least two distinct actors).'),
      opt('initiator', actor, 'Who placed the call.'),
      opt('durationMinutes', count(MAX_DURATION_MINUTES), 'Length of the call in minutes.'),
      opt('channel', oneOf('CallChannel'), 'Phone or video.'),
      opt('topics', topics, 'What the call was about, one short phrase per topic.'),
    ],
    rules: [],
  },
  {
    type: 'MEETING_HELD',
    description: 'An in-person meeting took place between two or more actors.',
    fields: [
      req('participants', actors(2), 'Who took part in the meeting (at least two distinct actors).'),
      opt('place', shortText, 'Where the meeting took place.'),
      opt(
        'mediator',
        actor,
        "Who mediated or hosted the meeting (the first edition's field; it reads as mediators: [mediator]).",
      ),
      {
        ...opt('mediators', actors(0), 'Who mediated or hosted the meeting (not together with mediator).'),
        notWith: 'mediator',
      },
      opt(
        'topics',
        topics,
        'What the meeting was about, one short phrase per topic (negotiation topics make it CAMEO 046).',
      ),
      opt('round', count(MAX_ROUND), 'The round of talks, from 1.'),
    ],
    rules: [
      'mediator and mediators may not both be given; exports and the API read a payload with mediator as mediators: [mediator].',
    ],
  },
  {
    type: 'STATEMENT_MADE',
    description: 'An actor said or published something.',
    stream: 'statement-<slug>',
    fields: [
      req('speaker', actor, 'Who made the statement.'),
      req('text', freeText, 'What was said (a quote or a close paraphrase).'),
      opt('venue', shortText, 'Where it was said: "Truth Social", "press conference in Helsinki".'),
      opt('about', actors(0), 'The actors the statement is about.'),
      opt(
        'readoutOf',
        uuid,
        'The CALL_HELD or MEETING_HELD this statement gives an account of (a readout of the call).',
      ),
    ],
    rules: ['readoutOf must name a stored CALL_HELD or MEETING_HELD (or one earlier in the same append).'],
  },
  {
    type: 'CLAIM_DISPUTED',
    description: 'An actor disputed what a stored event claims.',
    fields: [
      req('disputedEventId', uuid, 'The stored event whose claim is disputed.'),
      req('by', actor, 'Who disputes it.'),
      req('text', freeText, 'What they said in dispute (an accusation makes it CAMEO 1123).'),
    ],
    rules: ['disputedEventId must name a stored event.'],
  },
  {
    type: 'DEMAND_MADE',
    description: 'An actor demanded something of another.',
    fields: [
      req('by', actor, 'Who makes the demand.'),
      req('addressee', actor, 'Of whom it is demanded.'),
      req('demand', freeText, 'What is demanded (a demand to halt or de-escalate makes it CAMEO 1056).'),
      opt('conditionFor', streamId, 'The stream of the proposal this demand is a condition for.'),
    ],
    rules: [],
  },
  {
    type: 'PROPOSAL_MADE',
    description:
      'Actors proposed terms (a ceasefire, a peace deal, an exchange) to parties whose acceptance is needed.',
    stream: 'proposal-<slug>',
    fields: [
      req('proposers', actors(1), 'Who makes the proposal.'),
      req('parties', actors(1), 'Whose acceptance is needed.'),
      req('title', shortText, 'A short name for the proposal ("30-day ceasefire").'),
      req('terms', terms, 'What is proposed.'),
      opt(
        'counterTo',
        streamId,
        'The stream of the proposal this one answers instead of accepting it (a counter-proposal).',
      ),
      opt('backers', actors(0), 'Who support the proposal without proposing it.'),
      opt('mediators', actors(0), 'Who mediate it.'),
    ],
    rules: [
      "counterTo must name another stream, holding a PROPOSAL_MADE or AGREEMENT_REACHED (not the proposal's own).",
      'A quantity may only give atLeast together with count.',
    ],
  },
  {
    type: 'PROPOSAL_ACCEPTED',
    description: 'A party accepted a proposal, with or without conditions.',
    stream: "the proposal's stream (or the agreement's)",
    fields: [
      req('party', actor, 'Who accepts (the party or an actor on its side).'),
      opt(
        'conditions',
        { kind: 'string list', minItems: 1, maxItemLength: MAX_TEXT_LENGTH },
        'Conditions attached; present and non-empty for a conditional acceptance.',
      ),
    ],
    rules: [
      'The stream must hold a PROPOSAL_MADE or AGREEMENT_REACHED.',
      "party must be on the side of one of their parties (same principal); a non-party's view is a STATEMENT_MADE.",
    ],
  },
  {
    type: 'PROPOSAL_REJECTED',
    description: 'A party rejected a proposal.',
    stream: "the proposal's stream (or the agreement's)",
    fields: [
      req('party', actor, "Who rejects (the party or an actor on its side; a proposer's side withdraws it)."),
      opt('reason', freeText, 'Why it was rejected, as stated.'),
    ],
    rules: [
      'The stream must hold a PROPOSAL_MADE or AGREEMENT_REACHED.',
      "party must be on the side of one of their parties or of a proposer (who withdraws the proposal); a non-party's view is a STATEMENT_MADE.",
    ],
  },
  {
    type: 'CONDITIONS_MET',
    description: 'The conditions a party attached to its acceptance were met (or waived).',
    stream: "the proposal's stream (or the agreement's)",
    fields: [
      req('party', actor, 'The party whose conditions are met (or an actor on its side).'),
      opt(
        'conditions',
        { kind: 'string list', minItems: 1, maxItemLength: MAX_TEXT_LENGTH },
        'Which of its stated conditions are met; absent: all of them.',
      ),
      opt('text', freeText, 'What met them, or that they were waived, in words.'),
    ],
    rules: [
      'The stream must hold a PROPOSAL_MADE or AGREEMENT_REACHED.',
      "party must be on the side of one of their parties; a non-party's view is a STATEMENT_MADE.",
    ],
  },
  {
    type: 'AGREEMENT_REACHED',
    description: 'Parties reached an agreement, or one declared a unilateral truce.',
    stream: 'agreement-<slug>',
    fields: [
      req('parties', actors(1), 'Who is bound by the agreement (the declarer alone for a unilateral truce).'),
      req('title', shortText, 'A short name for the agreement ("Easter truce").'),
      req('terms', terms, 'What is agreed.'),
      opt('effectiveFrom', dateTime(), 'When it takes effect (default: when agreed).'),
      opt(
        'effectiveUntil',
        dateTime('effectiveFrom'),
        "When it ends (after effectiveFrom; default: effectiveFrom + the terms' duration, or open-ended).",
      ),
      opt(
        'unilateral',
        flag,
        'True for a declared truce binding its declarer alone (CAMEO 0871 for a ceasefire, PLOVER CONCEDE).',
      ),
      opt('mediators', actors(0), 'Who mediated it.'),
      opt('guarantors', actors(0), 'Who guarantee it.'),
    ],
    rules: [
      'effectiveUntil must be after effectiveFrom when both are given.',
      'A quantity may only give atLeast together with count.',
    ],
  },
  {
    type: 'IMPLEMENTATION_REPORTED',
    description: 'A stage of an agreement (or proposal) was carried out, as someone reports it.',
    stream: "the agreement's or proposal's stream, or a stream of its own naming the agreements in implements",
    fields: [
      req('reportedBy', actor, 'Who reports it.'),
      opt('party', actor, 'Who carried it out.'),
      opt('stage', shortText, 'Which stage ("1", "second stage"); reports of the same stage count once.'),
      opt('quantities', quantities, 'What changed hands in this stage ("390 prisoners from russia to ukraine").'),
      opt('complete', flag, 'True when the report says the agreement is carried out in full.'),
      opt(
        'implements',
        { kind: 'stream id list', minItems: 1 },
        'In a stream of its own: the streams of the agreements (or proposals) it carries out.',
      ),
      req('text', freeText, 'The report in words.'),
    ],
    rules: [
      'In a stream that holds no PROPOSAL_MADE or AGREEMENT_REACHED, implements is required; every stream it names must hold one.',
      'A quantity may only give atLeast together with count.',
    ],
  },
  {
    type: 'PLEDGE_MADE',
    description: 'An actor committed to do or stop something (halt strikes, withdraw, release, provide aid).',
    stream: 'pledge-<slug>',
    fields: [
      req('by', actor, 'Who makes the pledge.'),
      opt('to', actor, 'To whom it is made.'),
      req('commitment', commitment, 'What is pledged.'),
      opt('validFrom', dateTime(), "When the pledge starts to hold (default: the event's occurredAt)."),
      opt('durationDays', count(MAX_DURATION_DAYS), 'How many days it holds from validFrom.'),
      opt('validUntil', dateTime('validFrom'), 'When it stops holding (after validFrom; overrides durationDays).'),
      opt('ceasefireId', streamId, 'The stream of the ceasefire this pledge belongs to.'),
    ],
    rules: ['validUntil must be after validFrom when both are given.'],
  },
  {
    type: 'PLEDGE_WITHDRAWN',
    description: 'An actor withdrew a pledge it made.',
    fields: [req('by', actor, 'Who withdraws the pledge.'), opt('reason', freeText, 'Why, as stated.')],
    rules: [],
  },
  {
    type: 'PLEDGE_FULFILLED',
    description: 'A pledge was fulfilled.',
    stream: "the pledge's stream",
    fields: [
      req('by', actor, "Who fulfilled it (only the pledger's side counts for the pledge)."),
      opt('text', freeText, 'How, in words.'),
    ],
    rules: ['The stream must hold a PLEDGE_MADE.'],
  },
  {
    type: 'STRIKE_REPORTED',
    description: 'A strike by an actor on a target was reported.',
    stream: 'strike-<slug>',
    fields: [
      req('attacker', actor, 'Who carried out the strike.'),
      req('targetCategory', oneOf('TargetCategory'), 'What kind of target was hit.'),
      req('place', shortText, 'Where (city, region or site).'),
      opt('country', { kind: 'country code' }, 'The country of the place, ISO 3166-1 alpha-2 ("UA").'),
      opt('means', oneOf('StrikeMeans'), 'With what (drones and aircraft make it CAMEO 195, else 194).'),
      opt('impact', freeText, 'What the strike caused, as reported.'),
    ],
    rules: [],
  },
  {
    type: 'VIOLATION_REPORTED',
    description: 'An actor reported that another violated a pledge or agreement.',
    stream: 'the stream of the pledge or agreement violated',
    fields: [
      req('violator', actor, 'Who is said to have violated it.'),
      req('reportedBy', actor, 'Who reports the violation.'),
      opt('evidenceEventIds', { kind: 'uuid list' }, 'Stored events that show the violation (strikes, statements).'),
      opt('text', freeText, 'The report in words.'),
      opt(
        'count',
        { kind: 'integer', minimum: 1, maximum: MAX_VIOLATION_COUNT },
        'How many violations the report claims (absent: 1; at most a million).',
      ),
      opt(
        'periodFrom',
        dateTime(),
        "When the claimed violations began (absent: the start of occurredAt's precision interval).",
      ),
      opt(
        'periodUntil',
        { kind: 'date-time', notBefore: 'periodFrom' },
        "When the claimed violations ended (absent: the end of occurredAt's precision interval).",
      ),
      opt(
        'cumulative',
        flag,
        'True when count is a running total over the period (it replaces the counts of the earlier reports it covers).',
      ),
    ],
    rules: [
      'evidenceEventIds must name stored events.',
      'periodUntil may not be before periodFrom (the same instant is allowed).',
      "occurredAt is when the report was made: periodUntil, and periodFrom when given alone, may not be later than the end of occurredAt's precision interval (a DAY report of 2025-04-20 may claim up to 2025-04-21T00:00:00Z). A correction of the report or of its time is held to the same rule.",
    ],
  },
  {
    type: 'EVENT_CORRECTED',
    description: 'A stored event was corrected (its payload, time or precision); the log keeps both.',
    stream: 'the stream of the corrected event',
    fields: [
      req('correctedEventId', uuid, 'The stored event that is corrected (not itself a correction or retraction).'),
      opt('data', { kind: 'payload' }, "The full corrected payload, valid for the corrected event's type."),
      opt('occurredAt', dateTime(), 'The corrected time of the event.'),
      opt('occurredPrecision', oneOf('TimePrecision'), 'The corrected precision of that time.'),
      req('reason', freeText, 'Why the correction was made.'),
    ],
    rules: [
      'At least one of data, occurredAt, occurredPrecision must be given.',
      "data is validated against the corrected event's type.",
    ],
  },
  {
    type: 'EVENT_RETRACTED',
    description: 'A stored event was retracted: it counts for nothing from then on (the log keeps it).',
    stream: 'the stream of the retracted event',
    fields: [
      req('retractedEventId', uuid, 'The stored event that is retracted (not itself a correction or retraction).'),
      req('reason', freeText, 'Why it was retracted.'),
    ],
    rules: [],
  },
];

/** The spec of one type. */
export function eventTypeSpec(type: EventType): EventTypeSpec {
  const spec = EVENT_TYPE_SPECS.find((s) => s.type === type);
  if (!spec) throw new Error(`no codebook entry for ${type}`);
  return spec;
}
