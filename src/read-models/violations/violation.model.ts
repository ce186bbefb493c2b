/** GraphQL types shared by the read models: violations, durations, and their enums (contract). */
import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ActorModel } from '../../actors/actor.model.js';
import { EventModel } from '../../events/models/event.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

export const ViolationBasisEnum = { REPORTED: 'REPORTED', INFERRED: 'INFERRED' } as const;
registerEnumType(ViolationBasisEnum, {
  name: 'ViolationBasis',
  description:
    'REPORTED: a VIOLATION_REPORTED names it; INFERRED: a strike by a bound side on a covered target inside the window.',
});

@ObjectType('Violation')
export class ViolationModel {
  @Field(() => EventModel) event: unknown;
  @Field(() => ViolationBasisEnum) basis: string;
  @Field(() => DateTimeScalar, {
    description:
      'When it happened: a report with a period, the start of the period clipped to the window of the ceasefire or pledge.',
  })
  at: Date;
  @Field(() => ActorModel) by: unknown;
  @Field(() => Int, { description: 'How many violations it stands for: the report’s count; 1 for an inferred strike.' })
  count: number;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'When the reported violations happened, as reported (each bound defaults to the report’s time at its precision); null for an inferred strike.',
  })
  periodFrom: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) periodUntil: Date | null;
  @Field(() => ActorModel, { nullable: true, description: 'The reporting actor itself; null for an inferred strike.' })
  reportedBy: unknown;
  eventId: string;
  byId: string;
  reportedById: string | null;
}

@ObjectType('Duration', {
  description: 'A duration with the uncertainty of the times it comes from: between minSeconds and maxSeconds.',
})
export class DurationModel {
  @Field(() => Int) minSeconds: number;
  @Field(() => Int) maxSeconds: number;
  @Field(() => String, { description: 'Like "52m" when exact, "0-1h" or "8h 59m-1d 9h" when not.' }) text: string;
}
