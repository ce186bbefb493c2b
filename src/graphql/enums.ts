/** The catalogue's vocabularies as GraphQL enums (same SCREAMING_SNAKE_CASE values everywhere). */
import { registerEnumType } from '@nestjs/graphql';
import {
  ACTOR_KINDS,
  CALL_CHANNELS,
  CEASEFIRE_SCOPES,
  EVENT_TYPES,
  PLEDGE_ACTIONS,
  STRIKE_MEANS,
  TARGET_CATEGORIES,
  TERMS_KINDS,
  TIME_PRECISIONS,
} from '../events/catalogue/event-types.js';
import { COUNT_DIMENSIONS, COUNT_PERIODS } from '../events/count-dimensions.js';
import { EVENT_ORDERS } from '../events/event-cursor.js';

function asEnum<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const EventTypeEnum = asEnum(EVENT_TYPES);
export const TimePrecisionEnum = asEnum(TIME_PRECISIONS);
export const ActorKindEnum = asEnum(ACTOR_KINDS);
export const CeasefireScopeEnum = asEnum(CEASEFIRE_SCOPES);
export const TargetCategoryEnum = asEnum(TARGET_CATEGORIES);
export const TermsKindEnum = asEnum(TERMS_KINDS);
export const CallChannelEnum = asEnum(CALL_CHANNELS);
export const PledgeActionEnum = asEnum(PLEDGE_ACTIONS);
export const StrikeMeansEnum = asEnum(STRIKE_MEANS);
export const EventOrderEnum = asEnum(EVENT_ORDERS);
export const PeriodEnum = asEnum(COUNT_PERIODS);
export const CountDimensionEnum = asEnum(COUNT_DIMENSIONS);

registerEnumType(EventTypeEnum, { name: 'EventType', description: 'The eighteen event types of the catalogue.' });
registerEnumType(TimePrecisionEnum, {
  name: 'TimePrecision',
  description: 'How precisely occurredAt is known: the event happened somewhere in that unit.',
});
registerEnumType(ActorKindEnum, { name: 'ActorKind' });
registerEnumType(CeasefireScopeEnum, { name: 'CeasefireScope' });
registerEnumType(TargetCategoryEnum, { name: 'TargetCategory' });
registerEnumType(TermsKindEnum, { name: 'TermsKind' });
registerEnumType(CallChannelEnum, { name: 'CallChannel' });
registerEnumType(PledgeActionEnum, { name: 'PledgeAction' });
registerEnumType(StrikeMeansEnum, { name: 'StrikeMeans' });
registerEnumType(EventOrderEnum, {
  name: 'EventOrder',
  description: 'POSITION_*: the order of the log (recorded order); OCCURRED_*: valid time, then position.',
});
registerEnumType(PeriodEnum, {
  name: 'Period',
  description: 'A UTC day, an ISO week (from Monday 00:00 UTC) or a month.',
});
registerEnumType(CountDimensionEnum, {
  name: 'CountDimension',
  description:
    'TYPE; SIDE: the principal of the primary actor; ACTOR: the primary actor; TARGET_CATEGORY (strikes, pledges); COUNTRY (strikes). NONE: no value.',
});
