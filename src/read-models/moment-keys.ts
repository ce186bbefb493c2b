/**
 * Keys of per-request DataLoaders that read subjects at a moment (asOf / knownAt): a link between
 * read models (a counter-proposal, a call's readouts) is answered at the moment of the answer that
 * holds it, and the loads of one request are grouped into one read per moment.
 */
import type { Moment } from './projector/subject-reads.service.js';

/** The key of `id` at `moment`. */
export const momentKey = (moment: Moment, id: string): string =>
  JSON.stringify([moment.asOf?.toISOString() ?? null, moment.knownAt?.toISOString() ?? null, id]);

/** The ids of `keys` grouped by their moment, in the order first met. */
export function byMoment(keys: readonly string[]): Array<{ moment: Moment; ids: string[] }> {
  const groups = new Map<string, { moment: Moment; ids: string[] }>();
  for (const key of keys) {
    const [asOf, knownAt, id] = JSON.parse(key) as [string | null, string | null, string];
    const group = JSON.stringify([asOf, knownAt]);
    const entry = groups.get(group) ?? {
      moment: { asOf: asOf ? new Date(asOf) : null, knownAt: knownAt ? new Date(knownAt) : null },
      ids: [],
    };
    entry.ids.push(id);
    groups.set(group, entry);
  }
  return [...groups.values()];
}
