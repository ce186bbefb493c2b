/**
 * The one gate of the GraphQL API: a presented key must be valid; mutations need ADMIN; reads need
 * READER unless PUBLIC_READ. Runs on root Query/Mutation/Subscription fields (not on field resolvers).
 */
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { RequestContext } from '../graphql/request-context.js';
import { type Role, grants } from './principal.js';
import { REQUIRED_ROLE } from './require-role.decorator.js';

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<RequestContext>();
    const needed = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? 'READER';
    checkAccess(ctx, needed, this.config.publicRead);
    return true;
  }
}

export function checkAccess(ctx: Pick<RequestContext, 'principal' | 'authError'>, needed: Role, publicRead: boolean): void {
  if (ctx.authError) throw new DomainError('UNAUTHENTICATED', ctx.authError);
  if (needed === 'READER' && publicRead) return;
  if (!ctx.principal) {
    throw new DomainError('UNAUTHENTICATED', `this needs ${needed === 'ADMIN' ? 'an ADMIN' : 'an'} API key: send "Authorization: Bearer <key>"`);
  }
  if (!grants(ctx.principal.role, needed)) {
    throw new DomainError('FORBIDDEN', `key "${ctx.principal.keyName}" has role ${ctx.principal.role}; this needs ${needed}`);
  }
}
