import {
  characterCount,
  isActorId,
  isCountryCode,
  isIsoDateTime,
  isPlainObject,
  isStreamId,
  isUuid,
  textProblem,
} from './value-checks.js';

describe('isIsoDateTime', () => {
  it.each([
    '2025-03-18',
    '2024-02-29',
    '2000-02-29',
    '2025-03-18T15:00Z',
    '2025-03-18T15:00:00Z',
    '2025-03-18T15:00:00.123Z',
    '2025-03-18T15:00:00.123456789Z',
    '2025-03-18T15:00:00+03:00',
    '2025-03-18T15:00-05:30',
    '2025-12-31T23:59:59Z',
  ])('accepts %s', (value) => {
    expect(isIsoDateTime(value)).toBe(true);
  });

  it.each([
    ['an impossible day', '2025-02-30'],
    ['the 29th of February of a common year', '2025-02-29'],
    ['the 29th of February of 1900', '1900-02-29'],
    ['the 31st of April', '2025-04-31'],
    ['month 13', '2025-13-01'],
    ['month 0', '2025-00-10'],
    ['day 0', '2025-03-00'],
    ['a time without timezone', '2025-03-18T15:00:00'],
    ['hour 24', '2025-03-18T24:00:00Z'],
    ['minute 60', '2025-03-18T15:60Z'],
    ['second 60', '2025-03-18T15:00:60Z'],
    ['an offset of 24 hours', '2025-03-18T15:00+24:00'],
    ['an offset without colon', '2025-03-18T15:00+0300'],
    ['a space instead of T', '2025-03-18 15:00Z'],
    ['a day-first date', '18/03/2025'],
    ['a year and month only', '2025-03'],
    ['a date with trailing text', '2025-03-18 or so'],
    ['an empty string', ''],
    ['a number', 1742310000000],
    ['a Date object', new Date('2025-03-18T00:00:00Z')],
    ['null', null],
  ])('refuses %s', (_what, value) => {
    expect(isIsoDateTime(value)).toBe(false);
  });
});

describe('identifier checks', () => {
  it('actor ids are lower-case slugs of at most 64 characters', () => {
    expect(isActorId('putin')).toBe(true);
    expect(isActorId('saudi-arabia')).toBe(true);
    expect(isActorId('us_state_dept2')).toBe(true);
    expect(isActorId('a'.repeat(64))).toBe(true);
    expect(isActorId('a'.repeat(65))).toBe(false);
    expect(isActorId('Putin')).toBe(false);
    expect(isActorId('-putin')).toBe(false);
    expect(isActorId('put in')).toBe(false);
    expect(isActorId('')).toBe(false);
    expect(isActorId(7)).toBe(false);
  });

  it('stream ids follow STREAM_ID_PATTERN', () => {
    expect(isStreamId('proposal-30-day-ceasefire')).toBe(true);
    expect(isStreamId('pledge:russia.energy_2025')).toBe(true);
    expect(isStreamId('Proposal-30')).toBe(false);
    expect(isStreamId('proposal 30')).toBe(false);
    expect(isStreamId('x'.repeat(129))).toBe(false);
    expect(isStreamId(null)).toBe(false);
  });

  it('uuids are 8-4-4-4-12 hexadecimal digits, either case', () => {
    expect(isUuid('0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11')).toBe(true);
    expect(isUuid('0D3C2A58-8C47-4B7E-9A53-2F6C1E0B9A11')).toBe(true);
    expect(isUuid('0d3c2a58-8c47-4b7e-9a53-2f6c1e0b9a1')).toBe(false);
    expect(isUuid('0d3c2a58c8474b7e9a532f6c1e0b9a11')).toBe(false);
    expect(isUuid('zd3c2a58-8c47-4b7e-9a53-2f6c1e0b9a11')).toBe(false);
    expect(isUuid(undefined)).toBe(false);
  });

  it('country codes are two upper-case letters', () => {
    expect(isCountryCode('UA')).toBe(true);
    expect(isCountryCode('ua')).toBe(false);
    expect(isCountryCode('UKR')).toBe(false);
    expect(isCountryCode('U')).toBe(false);
  });
});

describe('textProblem', () => {
  it('accepts non-empty text up to the limit, counted after trimming', () => {
    expect(textProblem('Sloviansk', 300)).toBeNull();
    expect(textProblem(`  ${'x'.repeat(300)}  `, 300)).toBeNull();
  });

  it('explains what is wrong', () => {
    expect(textProblem(3, 300)).toBe('must be a string');
    expect(textProblem('', 300)).toBe('must not be empty');
    expect(textProblem(' \n\t ', 300)).toBe('must not be empty');
    expect(textProblem('x'.repeat(301), 300)).toBe('must be at most 300 characters');
    expect(textProblem('a\u0000b', 300)).toBe('must not contain NUL characters');
    expect(textProblem('a\uD800b', 300)).toBe('must be valid Unicode text');
  });

  it('counts an emoji as one character', () => {
    expect(characterCount('🇺🇦')).toBe(2);
    expect(characterCount('😀'.repeat(300))).toBe(300);
    expect(textProblem('😀'.repeat(300), 300)).toBeNull();
  });
});

describe('isPlainObject', () => {
  it('is true for objects as JSON.parse makes them only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(JSON.parse('{"__proto__": {"x": 1}}'))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(new (class Payload {})())).toBe(false);
    expect(isPlainObject('{}')).toBe(false);
  });
});
