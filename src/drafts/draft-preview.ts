/**
 * A draft's preview (the events the store would append) as the drafts table keeps it, JSON, and
 * back. Pure. The preview is what the store answered when the draft was submitted or revised; the
 * approval checks everything again against the log as it is then.
 */
import type { StoredEvent } from '../events/event.js';

/** The approvedBy of a preview: nobody has verified it yet (no key can be named so: names start with a letter or digit). */
export const PENDING_REVIEW = '(pending review)';

export function previewToJson(events: readonly StoredEvent[]): unknown[] {
  return events.map((event) => JSON.parse(JSON.stringify(event)) as unknown);
}

export function previewFromJson(stored: readonly unknown[]): StoredEvent[] {
  return stored.map((value) => {
    const event = value as StoredEvent & { occurredAt: string | Date; recordedAt: string | Date };
    return { ...event, occurredAt: new Date(event.occurredAt), recordedAt: new Date(event.recordedAt) };
  });
}
