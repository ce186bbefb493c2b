/** Key administration over GraphQL (ADMIN): list, create (the secret is returned once), revoke. */
import { Inject } from '@nestjs/common';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badInput } from '../common/domain-error.js';
import type { RequestContext } from '../graphql/request-context.js';
import { ApiKeyAuditEntryModel, ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel } from './api-key.model.js';
import { ApiKeysService } from './api-keys.service.js';
import { RequireRole } from './require-role.decorator.js';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(@Inject(ApiKeysService) private readonly keys: ApiKeysService) {}

  @RequireRole('ADMIN')
  @Query(() => [ApiKeyModel], {
    description: 'Every key, revoked ones included; never the secrets. Needs an ADMIN key.',
  })
  apiKeys(): Promise<ApiKeyModel[]> {
    return this.keys.list();
  }

  @Query(() => ApiKeyModel, {
    nullable: true,
    description:
      'The key this request presents (its name and role: what the caller may do); null without a key. Needs any key unless PUBLIC_READ.',
  })
  async me(@Context() ctx: RequestContext): Promise<ApiKeyModel | null> {
    return ctx.principal ? this.keys.byId(ctx.principal.keyId) : null;
  }

  @RequireRole('ADMIN')
  @Query(() => [ApiKeyAuditEntryModel], {
    description:
      'Keys created and revoked, newest first (at most `last`, default 100, up to 1000). Needs an ADMIN key.',
  })
  apiKeyAudit(
    @Args('last', { type: () => Int, nullable: true }) last: number | null,
  ): Promise<ApiKeyAuditEntryModel[]> {
    const limit = last ?? 100;
    if (limit < 1 || limit > 1000) throw badInput('last', 'must be 1-1000');
    return this.keys.audit(limit);
  }

  @RequireRole('ADMIN')
  @Mutation(() => CreatedApiKeyModel, {
    description: 'Creates a key and returns its secret, once. Needs an ADMIN key.',
  })
  async createApiKey(
    @Context() ctx: RequestContext,
    @Args('input', { type: () => CreateApiKeyInput }) input: CreateApiKeyInput,
  ): Promise<CreatedApiKeyModel> {
    const { key, ...apiKey } = await this.keys.create(
      input.name,
      input.role,
      `key:${ctx.principal!.keyName}`,
      undefined,
      'input.',
    );
    return { apiKey, key };
  }

  @RequireRole('ADMIN')
  @Mutation(() => ApiKeyModel, { description: 'Revokes a key by name or id, at once. Needs an ADMIN key.' })
  revokeApiKey(
    @Context() ctx: RequestContext,
    @Args('name', { type: () => String }) name: string,
  ): Promise<ApiKeyModel> {
    return this.keys.revoke(name, `key:${ctx.principal!.keyName}`);
  }
}
