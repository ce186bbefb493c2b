/** Query.eventCounts (contract, "Aggregates"): the log counted per period and dimension, in PostgreSQL. */
import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Cost, SCAN_COST } from '../graphql/field-cost.js';
import { CountDimensionEnum, PeriodEnum } from '../graphql/enums.js';
import type { CountDimension, CountPeriod } from './count-dimensions.js';
import { EventFilterInput } from './dto/event-filter.input.js';
import { EventQueryService, MAX_COUNT_BUCKETS } from './event-query.service.js';
import { CountBucketModel } from './models/count-bucket.model.js';

@Resolver()
export class EventCountsResolver {
  constructor(@Inject(EventQueryService) private readonly query: EventQueryService) {}

  @Cost({ listSize: MAX_COUNT_BUCKETS, base: SCAN_COST })
  @Query(() => [CountBucketModel], {
    description:
      "Events counted per period (UTC) and per value of each dimension of `by` (the cross product; none: one count per period), ordered by period then keys. Counts the log's events as recorded, as `events` with the same filter lists them (corrections and retractions under their own types; retracted events left out unless includeRetracted); the filter's knownAt and occurredFrom/To bound it. At most 10,000 buckets.",
  })
  eventCounts(
    @Args('period', { type: () => PeriodEnum }) period: CountPeriod,
    @Args('by', { type: () => [CountDimensionEnum], nullable: true }) by: CountDimension[] | null,
    @Args('filter', { type: () => EventFilterInput, nullable: true }) filter: EventFilterInput | null,
  ): Promise<CountBucketModel[]> {
    return this.query.counts(period, by, filter);
  }
}
