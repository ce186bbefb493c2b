/**
 * A deterministic synthetic timeline for the benchmarks (pure: no database, no clock).
 *
 * Shaped like the demo data, scaled up: a few hundred actors (states, the people who act for them,
 * organizations), a couple of thousand streams, the demo's type mix and payload sizes (about 1 KB
 * an event, one or two sources with quotes), late-recorded events (5 % occur days before the
 * events recorded around them) and corrections and retractions (3 %) of recent events.
 *
 * Like a real war, the volume grows in statements, calls, claims and strikes, while ceasefire
 * proposals, agreements and pledges stay rare: their number grows with the logarithm of the size
 * (about 30 ceasefires and 60 pledges at 10k events, 50 and 100 at 1M), each with a handful of
 * acceptances, rejections and reported violations. Strikes fall into the pledges' windows, so the
 * folds do real work.
 *
 * The timeline is generated in recorded order and is prefix-stable: the first n events of a longer
 * run are exactly the events of a run of size n, so one log can grow 10k → 100k → 1M.
 */

export interface SyntheticActor {
  id: string;
  name: string;
  kind: 'STATE' | 'PERSON' | 'ORGANIZATION';
  represents?: string;
}

export interface SyntheticEvent {
  id: string;
  type: string;
  occurredAt: string;
  occurredPrecision: 'MINUTE' | 'HOUR' | 'DAY';
  data: Record<string, unknown>;
  sources: Array<{ publisher: string; title: string; url?: string; quotedText: string; publishedAt: string }>;
}

/** One line of a bulk import file (see src/import/import-line.ts). */
export interface SyntheticLine {
  streamId: string;
  event: SyntheticEvent;
}

export const TIMELINE_START = Date.parse('2022-02-24T00:00:00Z');
/** Valid time advances about 3 years over 1M events; each event moves the clock a little. */
const MS_PER_EVENT = 95_000;
const DAY = 86_400_000;

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'ceasefire talks delegation minister envoy energy grid strike drone missile sanctions aid corridor ' +
  'humanitarian prisoners exchange negotiations frontline region capital border reactor port grain ' +
  'shipping guarantees withdrawal troops security council summit readout spokesman statement ' +
  'president counterpart proposal condition demand pledge violation attack infrastructure power ' +
  'civilians evacuation shelling airspace convoy monitors observers agreement halt escalation'
).split(' ');

const PUBLISHERS = [
  'Reuters',
  'Associated Press',
  'Agence France-Presse',
  'Kyiv Independent',
  'TASS',
  'BBC News',
  'Al Jazeera',
  'Le Monde',
];
const PLACES = [
  'Sloviansk',
  'Kharkiv',
  'Odesa',
  'Zaporizhzhia',
  'Dnipro',
  'Kherson',
  'Mykolaiv',
  'Sumy',
  'Belgorod',
  'Kursk',
  'Bryansk',
  'Lviv',
];
const TARGETS = ['ENERGY_INFRASTRUCTURE', 'MILITARY', 'CIVILIAN', 'TRANSPORT', 'PORT', 'OTHER'];
const MEANS = ['DRONE', 'MISSILE', 'ARTILLERY', 'AIRCRAFT', 'OTHER'];
const SCOPES = ['COMPREHENSIVE', 'ENERGY_INFRASTRUCTURE', 'MARITIME', 'AIR', 'LOCAL', 'HUMANITARIAN'];

/** Subjects (ceasefires, pledges) that exist once `n` events are in the log: linear to 10k, then logarithmic. */
function subjectsAt(n: number, at10k: number, perDecade: number): number {
  return n <= 10_000 ? Math.floor((at10k * n) / 10_000) : Math.floor(at10k + perDecade * Math.log10(n / 10_000));
}

export function syntheticActors(): SyntheticActor[] {
  const actors: SyntheticActor[] = [];
  for (let s = 1; s <= 60; s++) actors.push({ id: `state-${pad(s)}`, name: `State ${s}`, kind: 'STATE' });
  for (let o = 1; o <= 40; o++) actors.push({ id: `org-${pad(o)}`, name: `Organization ${o}`, kind: 'ORGANIZATION' });
  // 240 people: the first two states (the warring sides) have 30 each, the rest share 180.
  for (let p = 1; p <= 240; p++) {
    const state = p <= 30 ? 1 : p <= 60 ? 2 : 3 + ((p - 61) % 58);
    actors.push({ id: `person-${pad(p)}`, name: `Person ${p}`, kind: 'PERSON', represents: `state-${pad(state)}` });
  }
  // Offices acting for people, so principals are chains of two.
  for (let m = 1; m <= 20; m++)
    actors.push({
      id: `office-${pad(m)}`,
      name: `Office ${m}`,
      kind: 'ORGANIZATION',
      represents: `person-${pad(m * 3)}`,
    });
  return actors;
}

interface Recent {
  id: string;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

interface Subject {
  streamId: string;
  parties: string[];
  /** index in the log when it was made; acceptances and violations come soon after */
  madeAt: number;
  remaining: number;
}

/** Generates the first `count` events of the timeline with this seed, in recorded order. */
export function* syntheticTimeline(count: number, seed = 20250319): Generator<SyntheticLine> {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const sideA = (n: number) => `person-${pad(n)}`;
  const person = (side: 0 | 1 | 2): string =>
    side === 0 ? sideA(int(1, 30)) : side === 1 ? sideA(int(31, 60)) : sideA(int(61, 240));
  const anyPerson = () => person(pick([0, 1, 2, 2] as const));
  const state = (side: 0 | 1 | 2) => (side === 2 ? `state-${pad(int(3, 60))}` : `state-${pad(side + 1)}`);
  const text = (min: number, max: number) => {
    const words: string[] = [];
    const length = int(min, max);
    let size = 0;
    while (size < length) {
      const word = pick(WORDS);
      words.push(word);
      size += word.length + 1;
    }
    return words.join(' ');
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  const ceasefires: Subject[] = [];
  const pledges: Subject[] = [];
  const recent: Recent[] = [];
  const recentStatements: string[] = [];
  const recentStrikes: string[] = [];
  const remember = <T>(list: T[], item: T, max = 200) => {
    list.push(item);
    if (list.length > max) list.shift();
  };

  for (let i = 0; i < count; i++) {
    const clock = TIMELINE_START + i * MS_PER_EVENT;
    // 5 % are recorded late: they occurred 1 to 10 days before the events around them.
    const late = random() < 0.05;
    const occurred = late ? clock - int(1, 10) * DAY : clock;
    const precision = pick(['DAY', 'DAY', 'HOUR', 'HOUR', 'MINUTE'] as const);
    const occurredAt = truncate(occurred, precision);
    const sources = sourcesFor(occurredAt, random, pick, int, text);
    const emit = (streamId: string, type: string, data: Record<string, unknown>): SyntheticLine => {
      const id = uuid();
      remember(recent, { id, streamId, type, data }, 500);
      return {
        streamId,
        event: {
          id,
          type,
          occurredAt: new Date(occurredAt).toISOString(),
          occurredPrecision: precision,
          data,
          sources,
        },
      };
    };

    if (ceasefires.length < subjectsAt(i + 1, 30, 10)) {
      const k = ceasefires.length + 1;
      const streamId = `proposal-ceasefire-${pad(k)}`;
      const parties = k % 3 === 0 ? [state(0), state(2)] : [state(0), state(1)];
      ceasefires.push({ streamId, parties, madeAt: i, remaining: int(2, 6) });
      yield emit(streamId, 'PROPOSAL_MADE', {
        proposers: [state(2)],
        parties,
        title: `Ceasefire proposal ${k}`,
        terms: {
          kind: 'CEASEFIRE',
          scope: pick(SCOPES),
          durationDays: int(7, 60),
          unconditional: random() < 0.5,
          text: text(60, 160),
        },
      });
      continue;
    }
    if (pledges.length < subjectsAt(i + 1, 60, 20)) {
      const k = pledges.length + 1;
      const streamId = `pledge-${pad(k)}`;
      const by = person(pick([0, 1] as const));
      pledges.push({ streamId, parties: [by], madeAt: i, remaining: int(1, 4) });
      yield emit(streamId, 'PLEDGE_MADE', {
        by,
        to: person(2),
        commitment: { action: 'HALT_STRIKES', targetCategory: pick(TARGETS), text: text(40, 120) },
        durationDays: int(3, 30),
      });
      continue;
    }
    // A stance or a reported violation on a subject made recently, while it has some left.
    const open = [...ceasefires, ...pledges].filter((s) => s.remaining > 0 && i - s.madeAt < 5_000);
    if (open.length > 0 && random() < 0.04) {
      const subject = pick(open);
      subject.remaining--;
      if (subject.streamId.startsWith('proposal-')) {
        const party = pick(subject.parties);
        yield random() < 0.6
          ? emit(
              subject.streamId,
              'PROPOSAL_ACCEPTED',
              random() < 0.3 ? { party, conditions: [text(30, 80)] } : { party },
            )
          : emit(subject.streamId, 'PROPOSAL_REJECTED', { party, reason: text(30, 90) });
      } else if (recentStrikes.length > 0 && random() < 0.9) {
        yield emit(subject.streamId, 'VIOLATION_REPORTED', {
          violator: subject.parties[0],
          reportedBy: anyPerson(),
          evidenceEventIds: [pick(recentStrikes)],
          text: text(40, 120),
        });
      } else {
        yield emit(subject.streamId, 'PLEDGE_WITHDRAWN', { by: subject.parties[0], reason: text(20, 60) });
        subject.remaining = 0;
      }
      continue;
    }
    const roll = random();
    if (roll < 0.02 && recent.length > 20) {
      // A correction of a recent event, in its stream, with the full corrected payload.
      const target = pick(recent.slice(-200).filter((r) => CORRECTABLE.has(r.type)));
      if (target) {
        yield emit(target.streamId, 'EVENT_CORRECTED', {
          correctedEventId: target.id,
          data: corrected(target, text),
          reason: text(20, 60),
        });
        continue;
      }
    }
    if (roll < 0.03 && recent.length > 20) {
      const target = pick(
        recent.slice(-200).filter((r) => r.type === 'STATEMENT_MADE' || r.type === 'STRIKE_REPORTED'),
      );
      if (target) {
        yield emit(target.streamId, 'EVENT_RETRACTED', { retractedEventId: target.id, reason: text(20, 60) });
        continue;
      }
    }
    if (roll < 0.33) {
      const speaker = anyPerson();
      const line = emit(`statement-${speaker}`, 'STATEMENT_MADE', {
        speaker,
        text: text(80, 260),
        venue: pick(['press conference', 'Telegram', 'X', 'state television']),
        about: [anyPerson()],
      });
      remember(recentStatements, line.event.id);
      yield line;
    } else if (roll < 0.47) {
      const a = anyPerson();
      let b = anyPerson();
      if (b === a) b = a === 'person-001' ? 'person-002' : 'person-001';
      const [x, y] = [a, b].sort();
      yield emit(`call-${x}-${y}`, 'CALL_HELD', {
        participants: [a, b],
        initiator: a,
        durationMinutes: int(10, 120),
        channel: pick(['PHONE', 'VIDEO']),
        topics: [text(10, 40)],
      });
    } else if (roll < 0.51) {
      const a = anyPerson();
      let b = anyPerson();
      if (b === a) b = a === 'person-061' ? 'person-062' : 'person-061';
      const [x, y] = [a, b].sort();
      yield emit(`meeting-${x}-${y}`, 'MEETING_HELD', {
        participants: [a, b],
        place: pick(PLACES),
        mediator: `org-${pad(int(1, 40))}`,
        topics: [text(10, 40)],
      });
    } else if (roll < 0.63 && recentStatements.length > 0) {
      const by = anyPerson();
      yield emit(`claim-${by}`, 'CLAIM_DISPUTED', { disputedEventId: pick(recentStatements), by, text: text(40, 160) });
    } else if (roll < 0.71) {
      const by = anyPerson();
      const data: Record<string, unknown> = { by, addressee: state(pick([0, 1, 2] as const)), demand: text(40, 160) };
      if (ceasefires.length > 0 && random() < 0.3) data.conditionFor = pick(ceasefires).streamId;
      yield emit(`demand-${by}`, 'DEMAND_MADE', data);
    } else {
      // Strikes: mostly between the two warring sides.
      const attacker = random() < 0.9 ? state(pick([0, 1] as const)) : state(2);
      const month = new Date(occurredAt).toISOString().slice(0, 7);
      const line = emit(`strike-${attacker}-${month}`, 'STRIKE_REPORTED', {
        attacker,
        targetCategory: pick(TARGETS),
        place: pick(PLACES),
        country: 'UA',
        means: pick(MEANS),
        impact: text(20, 90),
      });
      remember(recentStrikes, line.event.id);
      yield line;
    }
  }
}

const CORRECTABLE = new Set(['STATEMENT_MADE', 'CALL_HELD', 'STRIKE_REPORTED', 'DEMAND_MADE']);

function corrected(target: Recent, text: (min: number, max: number) => string): Record<string, unknown> {
  switch (target.type) {
    case 'STATEMENT_MADE':
      return { ...target.data, text: text(80, 200) };
    case 'CALL_HELD':
      return { ...target.data, durationMinutes: Number(target.data.durationMinutes ?? 30) + 15 };
    case 'STRIKE_REPORTED':
      return { ...target.data, targetCategory: target.data.targetCategory === 'MILITARY' ? 'CIVILIAN' : 'MILITARY' };
    default:
      return { ...target.data, demand: text(40, 120) };
  }
}

function sourcesFor(
  occurredAt: number,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  int: (min: number, max: number) => number,
  text: (min: number, max: number) => string,
): SyntheticEvent['sources'] {
  const count = random() < 0.3 ? 2 : 1;
  return Array.from({ length: count }, () => {
    const publisher = pick(PUBLISHERS);
    return {
      publisher,
      title: text(40, 110),
      url: `https://news.example.org/${new Date(occurredAt).toISOString().slice(0, 10)}/${int(1, 999_999)}`,
      quotedText: text(150, 420),
      publishedAt: new Date(truncate(occurredAt, 'DAY') + DAY).toISOString(),
    };
  });
}

function truncate(ms: number, precision: 'MINUTE' | 'HOUR' | 'DAY'): number {
  const unit = precision === 'DAY' ? DAY : precision === 'HOUR' ? 3_600_000 : 60_000;
  return Math.floor(ms / unit) * unit;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

/** The event moved later in valid time by `ms` (its sources' dates too): fresh events for a log that already holds the start. */
export function shifted(event: SyntheticEvent, ms: number): SyntheticEvent {
  const move = (iso: string) => new Date(Date.parse(iso) + ms).toISOString();
  return {
    ...event,
    occurredAt: move(event.occurredAt),
    sources: event.sources.map((s) => ({ ...s, publishedAt: move(s.publishedAt) })),
  };
}
