/**
 * Payloads broken in ways the codebook's JSON Schema describes, with the path the API names for
 * each: the review page's own checks must find them at the same path (web/review/schema-check.spec.ts)
 * and the API must refuse them there (test/e2e/review-page.test.ts). [what, type, data, path]
 */
export const BROKEN_PAYLOADS: [string, string, Record<string, unknown>, string][] = [
  ['a missing required text', 'STATEMENT_MADE', { speaker: 'putin' }, 'events[0].data.text'],
  ['a blank text', 'STATEMENT_MADE', { speaker: 'putin', text: '   ' }, 'events[0].data.text'],
  ['too few participants', 'CALL_HELD', { participants: ['putin'] }, 'events[0].data.participants'],
  ['a repeated participant', 'CALL_HELD', { participants: ['putin', 'putin'] }, 'events[0].data.participants'],
  [
    'a duration out of range',
    'CALL_HELD',
    { participants: ['putin', 'trump'], durationMinutes: 0 },
    'events[0].data.durationMinutes',
  ],
  [
    'an unknown enum value',
    'STRIKE_REPORTED',
    { attacker: 'russia', targetCategory: 'X', place: 'Kyiv' },
    'events[0].data.targetCategory',
  ],
  [
    'a nested required field',
    'PROPOSAL_MADE',
    { proposers: ['us'], parties: ['russia'], title: 'T', terms: {} },
    'events[0].data.terms.kind',
  ],
  ['an actor id of the wrong form', 'STATEMENT_MADE', { speaker: 'Putin!', text: 'x' }, 'events[0].data.speaker'],
  [
    'an event id that is no UUID',
    'STATEMENT_MADE',
    { speaker: 'putin', text: 'x', readoutOf: 'abc' },
    'events[0].data.readoutOf',
  ],
  [
    'a lower-case country',
    'STRIKE_REPORTED',
    { attacker: 'russia', targetCategory: 'PORT', place: 'Odesa', country: 'ua' },
    'events[0].data.country',
  ],
];
