/**
 * A page of a subject read model's list (`first`, `after`): the subjects in id order, compared byte
 * by byte (as PostgreSQL's `COLLATE "C"` and JavaScript's `<` compare stream ids), after the subject
 * `after`. A page is filled from the candidates read in chunks in that order, so that it is full
 * whenever there are more subjects that pass its filters, however few of them do.
 */
import { type FieldError, ValidationFailed } from '../common/domain-error.js';
import { STREAM_ID_PATTERN } from '../events/catalogue/event-types.js';

export const MAX_SUBJECT_PAGE = 100;
/** The most candidates one chunk reads when a filter has left a page short (chunks double up to it). */
export const MAX_SUBJECT_CHUNK = 1_000;

export interface SubjectPage {
  /** Only subjects whose id sorts after this one (null: from the first). */
  after: string | null;
  /** At most this many (null: every one after `after`). */
  first: number | null;
}

/** The refusal of a `first` outside 1-`max` (null when it is absent or fits). */
export function firstProblem(first: number | null | undefined, max = MAX_SUBJECT_PAGE): FieldError | null {
  if (first == null || (Number.isInteger(first) && first >= 1 && first <= max)) return null;
  return { path: 'first', reason: `must be 1-${max}` };
}

/** The page `first`/`after` ask for (null when neither is given); BAD_USER_INPUT naming each bad one. */
export function checkPage(first: number | null | undefined, after: string | null | undefined): SubjectPage | null {
  const errors: FieldError[] = [];
  const badFirst = firstProblem(first);
  if (badFirst) errors.push(badFirst);
  if (after != null && !STREAM_ID_PATTERN.test(after))
    errors.push({
      path: 'after',
      reason:
        'must be the id of the last item of the previous page (a stream id matching ^[a-z0-9][a-z0-9._:-]{0,127}$)',
    });
  if (errors.length > 0) throw new ValidationFailed(errors);
  if (first == null && after == null) return null;
  return { first: first ?? null, after: after ?? null };
}

/** What one read of candidates gives: the subjects among them, and the id of the last candidate (null when none is left after it). */
export interface Chunk<T> {
  items: T[];
  next: string | null;
}

/** Reads up to `limit` candidates (null: all) whose ids sort after `after`, in id order. */
export type ChunkReader<T> = (after: string | null, limit: number | null) => Promise<Chunk<T>>;

/**
 * The items `keep` wants of the page `page` (null: all of them), read through `read`: one read of
 * `first` candidates when the filters keep them all, more (each twice as large, at most
 * MAX_SUBJECT_CHUNK) while the page is short and candidates are left.
 */
export async function fillPage<T>(
  read: ChunkReader<T>,
  keep: (item: T) => boolean,
  page: SubjectPage | null,
): Promise<T[]> {
  if (page?.first == null) return (await read(page?.after ?? null, null)).items.filter(keep);
  const kept: T[] = [];
  let after = page.after;
  let limit = page.first;
  for (;;) {
    const chunk = await read(after, limit);
    for (const item of chunk.items) {
      if (!keep(item)) continue;
      kept.push(item);
      if (kept.length === page.first) return kept;
    }
    if (chunk.next === null) return kept;
    after = chunk.next;
    limit = Math.min(limit * 2, MAX_SUBJECT_CHUNK);
  }
}

/** The ids of `sorted` (in id order) after `after`: at most `limit` of them (null: all), and whether any is left after those. */
export function idsAfter(
  sorted: readonly string[],
  after: string | null,
  limit: number | null,
): { ids: string[]; next: string | null } {
  let start = 0;
  if (after !== null) {
    let high = sorted.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      if (sorted[middle] <= after) start = middle + 1;
      else high = middle;
    }
  }
  const end = limit === null ? sorted.length : Math.min(sorted.length, start + limit);
  const ids = sorted.slice(start, end);
  return { ids, next: end < sorted.length && ids.length > 0 ? ids[ids.length - 1] : null };
}

/** Sorts ids in the order pages follow (byte order). */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
