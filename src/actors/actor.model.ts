/** GraphQL type Actor (contract). `represents`, `principal` and `timeline` are resolved in actors.resolver.ts. */
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ActorKindEnum } from '../graphql/enums.js';
import type { ActorKind } from '../events/catalogue/event-types.js';

@ObjectType('Actor', { description: 'A state, person or office. A person or office acts for its principal state.' })
export class ActorModel {
  @Field(() => ID, { description: 'A slug such as "putin", "russia", "kremlin".' })
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => ActorKindEnum)
  kind: ActorKind;

  /** Id of the actor this one acts for; resolved to an Actor by the resolver. */
  representsId: string | null;
}
