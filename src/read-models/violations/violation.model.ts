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
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => ActorModel) by: unknown;
  eventId: string;
  byId: string;
}

@ObjectType('Duration', {
  description: 'A duration with the uncertainty of the times it comes from: between minSeconds and maxSeconds.',
})
export class DurationModel {
  @Field(() => Int) minSeconds: number;
  @Field(() => Int) maxSeconds: number;
  @Field(() => String, { description: 'Like "52m" when exact, "0-1h" or "8h 59m-1d 9h" when not.' }) text: string;
}
