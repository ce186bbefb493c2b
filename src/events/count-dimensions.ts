/** The vocabulary of eventCounts (contract, "Aggregates"): the periods it counts per and the dimensions it counts by. */

/** WEEK: ISO weeks, from Monday 00:00 UTC. */
export const COUNT_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type CountPeriod = (typeof COUNT_PERIODS)[number];

/**
 * TYPE: the event's type; SIDE: the principal of its primary actor; ACTOR: the primary actor itself;
 * TARGET_CATEGORY and COUNTRY: of a strike (a pledge has a target category too). A correction or a
 * retraction counts under its own type and under the other dimensions of the event it names.
 */
export const COUNT_DIMENSIONS = ['TYPE', 'SIDE', 'ACTOR', 'TARGET_CATEGORY', 'COUNTRY'] as const;
export type CountDimension = (typeof COUNT_DIMENSIONS)[number];

/** The key of a bucket whose events have no value for a dimension (a call has no country). */
export const NO_KEY = 'NONE';
