import { type DomainError, ValidationFailed } from '../common/domain-error.js';
import {
  type ChunkReader,
  MAX_SUBJECT_CHUNK,
  byId,
  checkPage,
  fillPage,
  firstProblem,
  idsAfter,
} from './subject-page.js';

/** Candidates held in memory, read like the table: in id order after `after`, `limit` at a time; every read logged. */
function reader(ids: string[]): { read: ChunkReader<string>; reads: Array<[string | null, number | null]> } {
  const sorted = [...ids].sort(byId);
  const reads: Array<[string | null, number | null]> = [];
  return {
    reads,
    read: async (after, limit) => {
      reads.push([after, limit]);
      const { ids: items, next } = idsAfter(sorted, after, limit);
      return { items, next };
    },
  };
}

const ids = Array.from({ length: 250 }, (_, i) => `s-${String(i).padStart(3, '0')}`);

describe('checkPage', () => {
  it('is null without first and after, and takes after alone (the rest, unpaged)', () => {
    expect(checkPage(null, undefined)).toBeNull();
    expect(checkPage(10, null)).toEqual({ first: 10, after: null });
    expect(checkPage(undefined, 'cf-1')).toEqual({ first: null, after: 'cf-1' });
    expect(checkPage(100, 'a:b.c-d_e')).toEqual({ first: 100, after: 'a:b.c-d_e' });
  });

  it('refuses first outside 1-100 and an after that is no stream id, naming each', () => {
    const errors = (first: number | null, after: string | null) => {
      try {
        checkPage(first, after);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationFailed);
        expect((error as DomainError).code).toBe('BAD_USER_INPUT');
        return (error as ValidationFailed).errors.map((e) => `${e.path}: ${e.reason}`);
      }
      throw new Error('accepted');
    };
    for (const first of [0, -1, 101, 1.5]) expect(errors(first, null)).toEqual(['first: must be 1-100']);
    for (const after of ['', 'Bad Id', 'x'.repeat(129), '-leading'])
      expect(errors(1, after)).toEqual([expect.stringMatching(/^after: must be the id of the last item/)]);
    expect(errors(0, 'NO')).toHaveLength(2);
  });
});

describe('firstProblem', () => {
  it('takes 1 to the maximum given (100 by default), or no first at all', () => {
    for (const first of [null, undefined, 1, 100]) expect(firstProblem(first)).toBeNull();
    for (const first of [1, 7]) expect(firstProblem(first, 7)).toBeNull();
    expect(firstProblem(101)).toEqual({ path: 'first', reason: 'must be 1-100' });
    for (const first of [0, 8, 2.5, Number.NaN])
      expect(firstProblem(first, 7)).toEqual({ path: 'first', reason: 'must be 1-7' });
  });
});

describe('idsAfter', () => {
  const sorted = ['a', 'b', 'c', 'd'];
  it('starts after `after` (present or not) and says whether ids are left', () => {
    expect(idsAfter(sorted, null, 2)).toEqual({ ids: ['a', 'b'], next: 'b' });
    expect(idsAfter(sorted, 'b', 2)).toEqual({ ids: ['c', 'd'], next: null });
    expect(idsAfter(sorted, 'bb', 1)).toEqual({ ids: ['c'], next: 'c' });
    expect(idsAfter(sorted, 'd', 5)).toEqual({ ids: [], next: null });
    expect(idsAfter(sorted, '0', null)).toEqual({ ids: sorted, next: null });
  });

  it('follows byte order: "-" and "." before digits, digits before letters', () => {
    expect(['b', 'a.1', 'a-1', 'a1', 'a:1'].sort(byId)).toEqual(['a-1', 'a.1', 'a1', 'a:1', 'b']);
  });
});

describe('fillPage', () => {
  it('without a page: one read of everything, filtered', async () => {
    const { read, reads } = reader(ids);
    expect(await fillPage(read, (id) => id.endsWith('7'), null)).toEqual(ids.filter((id) => id.endsWith('7')));
    expect(reads).toEqual([[null, null]]);
  });

  it('a page the filters keep whole is one read of `first` candidates', async () => {
    const { read, reads } = reader(ids);
    expect(await fillPage(read, () => true, { first: 20, after: 's-010' })).toEqual(ids.slice(11, 31));
    expect(reads).toEqual([['s-010', 20]]);
  });

  it('walking pages gives every kept item once, in order, each page full but the last', async () => {
    for (const [first, keep] of [
      [1, () => true],
      [7, (id: string) => id.endsWith('3')],
      [100, (id: string) => id < 's-050' || id > 's-240'],
      [3, () => false],
    ] as Array<[number, (id: string) => boolean]>) {
      const { read } = reader(ids);
      const expected = ids.filter(keep);
      const walked: string[] = [];
      let after: string | null = null;
      for (let n = 0; n <= expected.length; n++) {
        const page: string[] = await fillPage(read, keep, { first, after });
        walked.push(...page);
        if (page.length < first) break;
        expect(page).toHaveLength(first);
        after = page[page.length - 1];
      }
      expect(walked).toEqual(expected);
    }
  });

  it('a sparse filter reads chunks that double, up to the largest chunk', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => `m-${String(i).padStart(4, '0')}`);
    const { read, reads } = reader(many);
    expect(await fillPage(read, (id) => id === 'm-4999', { first: 10, after: null })).toEqual(['m-4999']);
    expect(reads.map(([, limit]) => limit)).toEqual([10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000, 1000]);
    expect(Math.max(...reads.map(([, limit]) => limit ?? 0))).toBe(MAX_SUBJECT_CHUNK);
  });

  it('after alone: every kept item after it', async () => {
    const { read } = reader(ids);
    expect(await fillPage(read, () => true, { first: null, after: 's-245' })).toEqual(ids.slice(246));
  });
});
