/**
 * Builders of FoldEvents for the unit specs of the folds (the .spec.ts files under src/read-models). Here, not
 * under src/, so that `nest build` does not ship them.
 */
import type { EventType, TimePrecision } from '../../src/events/catalogue/event-types.js';
import { typedData } from '../../src/events/typed-data.js';
import type { FoldEvent, Principals } from '../../src/read-models/fold-event.js';

/** An ISO-8601 instant as epoch milliseconds. */
export const t = (iso: string): number => Date.parse(iso);

export interface EventOpts {
  at: string;
  precision?: TimePrecision;
  stream?: string;
  position?: number;
  id?: string;
}

/** The options of the named builders (proposal, strike, ...): position and id always given. */
export type Opts = EventOpts & { position: number; id: string };

export type FoldEventBuilder = (type: EventType, data: Record<string, unknown>, opts: EventOpts) => FoldEvent;

/**
 * `ev(type, data, { at, precision?, stream?, position?, id? })`: an event on `defaultStream` unless
 * told otherwise, of HOUR precision, at the next position of this builder when none is given, with
 * id `event-<position>`, recorded `position` seconds after 2025-06-01.
 */
export function foldEventBuilder(defaultStream: string): FoldEventBuilder {
  let counter = 0;
  return (type, data, opts) => {
    const position = opts.position ?? ++counter;
    return {
      id: opts.id ?? `event-${position}`,
      position,
      streamId: opts.stream ?? defaultStream,
      ...typedData(type, data),
      occurredAt: t(opts.at),
      precision: opts.precision ?? 'HOUR',
      recordedAt: t('2025-06-01T00:00:00Z') + position * 1000,
    };
  };
}

/** `strike(attacker, opts, data?)`: a STRIKE_REPORTED on a stream of its own (`strike-<id>`); `defaults` fill its data. */
export function strikeBuilder(ev: FoldEventBuilder, defaults: Record<string, unknown>) {
  return (attacker: string, opts: Opts, data: Record<string, unknown> = {}): FoldEvent =>
    ev('STRIKE_REPORTED', { attacker, ...defaults, ...data }, { stream: `strike-${opts.id}`, ...opts });
}

/** The three sides and who speaks for them. */
export const PRINCIPALS: Principals = {
  us: 'us',
  trump: 'us',
  ukraine: 'ukraine',
  zelensky: 'ukraine',
  russia: 'russia',
  putin: 'russia',
  kremlin: 'russia',
};

/** `fold(events)`: `foldSubject(events, principals)`, failing when it gives no state. */
export function folder<S>(
  foldSubject: (events: FoldEvent[], principals: Principals) => S | null,
  principals: Principals,
  what: string,
): (events: FoldEvent[]) => S {
  return (events) => {
    const state = foldSubject(events, principals);
    if (state === null) throw new Error(`no ${what}`);
    return state;
  };
}
