/** GraphQL types of API key administration: a key's public facts, and a new key shown once. */
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ROLES, type Role } from './principal.js';

export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as { [K in Role]: K };
registerEnumType(RoleEnum, { name: 'Role', description: 'READER reads; ADMIN also appends, registers actors and manages keys.' });

@ObjectType('ApiKey', { description: 'An API key, without its secret (which is shown only once, at creation).' })
export class ApiKeyModel {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => DateTimeScalar) createdAt: Date;
  @Field(() => String) createdBy: string;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel) apiKey: ApiKeyModel;
  @Field(() => String, { description: 'The secret: send it as "Authorization: Bearer <key>". Shown now and never again.' })
  key: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field(() => String, { description: '1-64 letters, digits or ._@-' }) name: string;
  @Field(() => RoleEnum) role: Role;
}
