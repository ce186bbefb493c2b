/**
 * Which strikes concern a subject: those by its sides' agents, outside its own stream, inside its
 * window and on the targets it covers. The one definition, used when a subject's events are loaded
 * (subject-loader.ts), when a stored state is extended with new strikes and when a batch decides
 * which subjects it touches (project-range.ts).
 */
import type { FoldEvent, FoldEventOf } from '../fold-event.js';

export interface StrikeWindow {
  from: number;
  /** null: open-ended */
  until: number | null;
  /** null: any target */
  categories: string[] | null;
}

/** Whether a strike at `at` on `category` falls in the window. */
export function inWindow(window: StrikeWindow | null, at: number, category: string): boolean {
  return (
    window !== null &&
    at >= window.from &&
    (window.until === null || at <= window.until) &&
    (window.categories === null || window.categories.includes(category))
  );
}

/** Whether `event` is a strike that concerns the subject `subjectId`, whose sides' agents are `agents` and whose window is `window`. */
export function concernsSubject(
  event: FoldEvent,
  subjectId: string,
  agents: ReadonlySet<string>,
  window: StrikeWindow | null,
): event is FoldEventOf<'STRIKE_REPORTED'> {
  return (
    event.type === 'STRIKE_REPORTED' &&
    event.streamId !== subjectId &&
    agents.has(event.data.attacker) &&
    inWindow(window, event.occurredAt, event.data.targetCategory)
  );
}
