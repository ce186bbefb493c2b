/** GraphQL input RegisterActorInput (contract). */
import { Field, ID, InputType } from '@nestjs/graphql';
import { ActorKindEnum } from '../../graphql/enums.js';
import type { ActorKind } from '../../events/catalogue/event-types.js';

@InputType('RegisterActorInput')
export class RegisterActorInput {
  @Field(() => ID, { description: 'A slug: ^[a-z0-9][a-z0-9_-]{0,63}$' }) id: string;
  @Field(() => String) name: string;
  @Field(() => ActorKindEnum) kind: ActorKind;
  @Field(() => ID, { nullable: true, description: 'The actor this one acts for (putin → russia).' })
  represents?: string;
}
