/** GraphQL types of API key administration: a key's public facts, and a new key shown once. */
import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/scalars.js';
import { ROLES, type Role } from './principal.js';

export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as { [K in Role]: K };
registerEnumType(RoleEnum, {
  name: 'Role',
  description:
    'READER reads; EDITOR also submits drafts for review; ADMIN also reviews drafts, appends, registers actors and manages keys.',
});

@ObjectType('ApiKey', { description: 'An API key, without its secret (which is shown only once, at creation).' })
export class ApiKeyModel {
  @Field(() => ID) id: string;
  @Field(() => String) name: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => DateTimeScalar) createdAt: Date;
  @Field(() => String) createdBy: string;
  @Field(() => DateTimeScalar, { nullable: true }) revokedAt: Date | null;
}

export enum KeyAuditAction {
  CREATED = 'CREATED',
  REVOKED = 'REVOKED',
}
registerEnumType(KeyAuditAction, { name: 'ApiKeyAuditAction' });

@ObjectType('ApiKeyAuditEntry', {
  description: 'A key created or revoked: the audit trail, which the database keeps append-only.',
})
export class ApiKeyAuditEntryModel {
  @Field(() => ID) keyId: string;
  @Field(() => String) keyName: string;
  @Field(() => KeyAuditAction) action: 'CREATED' | 'REVOKED';
  @Field(() => String, {
    description: 'Who: key:<name> (GraphQL), cli:<user> (npm run keys), ADMIN_API_KEY (the environment).',
  })
  actor: string;
  @Field(() => DateTimeScalar) at: Date;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel) apiKey: ApiKeyModel;
  @Field(() => String, {
    description: 'The secret: send it as "Authorization: Bearer <key>". Shown now and never again.',
  })
  key: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field(() => String, { description: '1-64 letters, digits or ._@-' }) name: string;
  @Field(() => RoleEnum) role: Role;
}
